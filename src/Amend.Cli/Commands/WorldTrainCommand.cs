using System.CommandLine;
using System.Globalization;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tokenizers;
using Amend.World.Generation;
using Amend.World.Training;

namespace Amend.Cli.Commands;

/// <summary><c>amend world train</c>: train a GPT-2 or LLaMA model from scratch on a world's corpus and save it as a Hugging Face folder.</summary>
internal static class WorldTrainCommand
{
    public static Command Create()
    {
        var world = new Option<string>("--world") { Description = "World folder from `amend world generate`.", Required = true };
        var output = new Option<string>("--out") { Description = "Model folder to write (replaced if present).", Required = true }.NonEmptyPath();
        var arch = new Option<string>("--arch") { Description = "gpt2 or llama.", DefaultValueFactory = _ => "gpt2" };
        arch.AcceptOnlyFromAmong("gpt2", "llama");
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => 128 }.AtLeast(1);
        var layers = new Option<int>("--layers") { Description = "Blocks.", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var positions = new Option<int>("--positions") { Description = "Maximum positions of the model.", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch-size") { Description = "Packed rows per step.", DefaultValueFactory = _ => 32 };
        var length = new Option<int>("--seq-len") { Description = "Tokens per packed row.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 3e-3 };
        var minLr = new Option<double>("--min-lr") { Description = "Final learning rate of the cosine decay.", DefaultValueFactory = _ => 3e-4 };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps.", DefaultValueFactory = _ => 50 };
        var decay = new Option<double>("--weight-decay") { Description = "AdamW weight decay (matrices only).", DefaultValueFactory = _ => 0.01 };
        var clip = new Option<double>("--clip") { Description = "Global gradient-norm clip.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and the data order.", DefaultValueFactory = _ => 1 };
        var every = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every N steps into --checkpoints (0: never).", DefaultValueFactory = _ => 0 };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "Checkpoint folder (default: <out>.checkpoints)." };
        var init = new Option<string?>("--init") { Description = "Continue from this model folder's weights and config (the shape options are then ignored); optimizer state starts fresh." };
        var command = new Command("train", "Train a small model from scratch on a world's corpus.")
        {
            world, output, arch, hidden, layers, heads, positions, steps, batch, length, lr, minLr, warmup, decay, clip, seed, every, checkpoints, init,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.RunInterruptible("world train", parse.InvocationConfiguration.Error, cancellation, stop =>
        {
            var options = new TrainingOptions
            {
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                SequenceLength = parse.GetValue(length),
                LearningRate = parse.GetValue(lr),
                MinLearningRate = parse.GetValue(minLr),
                WarmupSteps = parse.GetValue(warmup),
                WeightDecay = parse.GetValue(decay),
                ClipNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                CheckpointEvery = parse.GetValue(every),
            };
            var spec = new ModelSpec(parse.GetValue(arch)!, parse.GetValue(hidden), parse.GetValue(layers), parse.GetValue(heads), parse.GetValue(positions));
            RequireValid(options.FirstViolation());
            if (parse.GetValue(init) is null) RequireValid(spec.FirstViolation());

            string destination = parse.GetValue(output)!;
            string checkpointFolder = parse.GetValue(checkpoints) ?? destination.TrimEnd('/') + ".checkpoints";
            return Train(parse.GetValue(world)!, destination, checkpointFolder, spec, parse.GetValue(init), options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, stop);
        })));
        return command;
    }

    // The command-line names of TrainingOptions' and ModelSpec's properties, so that a value out of range is named as it was given.
    private static readonly Dictionary<string, string> Flags = new()
    {
        [nameof(ModelSpec.Architecture)] = "--arch",
        [nameof(ModelSpec.HiddenSize)] = "--hidden",
        [nameof(ModelSpec.Layers)] = "--layers",
        [nameof(ModelSpec.Heads)] = "--heads",
        [nameof(ModelSpec.MaxPositions)] = "--positions",
        [nameof(TrainingOptions.Steps)] = "--steps",
        [nameof(TrainingOptions.BatchSize)] = "--batch-size",
        [nameof(TrainingOptions.SequenceLength)] = "--seq-len",
        [nameof(TrainingOptions.LearningRate)] = "--lr",
        [nameof(TrainingOptions.MinLearningRate)] = "--min-lr",
        [nameof(TrainingOptions.WarmupSteps)] = "--warmup",
        [nameof(TrainingOptions.WeightDecay)] = "--weight-decay",
        [nameof(TrainingOptions.ClipNorm)] = "--clip",
        [nameof(TrainingOptions.CheckpointEvery)] = "--checkpoint-every",
    };

    private static void RequireValid(SettingViolation? violation)
    {
        if (violation is not null) throw new ArgumentException(violation.Describe(Flags[violation.Property]));
    }

    // Checked before the first step: a model of another world's tokens would train on ids that mean other words and
    // then be saved with this world's tokenizer, and rows longer than its positions fail only inside the forward pass.
    private static void RequireFits(CausalLanguageModel model, string worldFolder, string? init, int vocabulary, int sequenceLength)
    {
        if (init is not null)
        {
            string theirs = Path.Combine(init, "tokenizer.json"), ours = Path.Combine(worldFolder, "tokenizer.json");
            if (model.VocabSize != vocabulary || (File.Exists(theirs) && !InputFile.ReadAllBytes(theirs, "a tokenizer.json").AsSpan().SequenceEqual(InputFile.ReadAllBytes(ours, "a tokenizer.json"))))
            {
                throw new ArgumentException($"--init {init} was not trained with {ours} (its vocabulary has {model.VocabSize} tokens, the world's {vocabulary}, or its tokenizer.json differs); continue a model of this world");
            }
        }

        if (sequenceLength - 1 > model.MaxPositions)
        {
            throw new ArgumentException($"--seq-len {sequenceLength}: a row of {sequenceLength} tokens feeds {sequenceLength - 1} positions, more than the model's {model.MaxPositions} (--positions)");
        }
    }

    private static int Train(string worldFolder, string destination, string checkpointFolder, ModelSpec spec, string? init, TrainingOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        // Hours of training must not end in a destination that cannot be written.
        ModelSaver.CheckDestination(destination, worldFolder, overwrite: true);
        if (options.CheckpointEvery > 0) WritableFolder.Require(checkpointFolder, "for checkpoints (--checkpoints)");
        string worldFile = Path.Combine(worldFolder, WorldFile.FileName);
        if (!File.Exists(worldFile)) throw new FileNotFoundException($"{worldFile} is missing; the trained model's folder carries it (make a world with `amend world generate`)", worldFile);

        // Read, not only found: the model's folder carries it, and `world eval` would meet a broken one only after training.
        WorldFile.Load(worldFile);
        var sentences = WorldFolder.ReadCorpus(worldFolder);
        var tokenizer = TokenizerLoader.FromTokenizerJson(Path.Combine(worldFolder, "tokenizer.json"));
        int endOfText = tokenizer.SpecialTokens.Eos ?? throw new ArgumentException($"{worldFolder}/tokenizer.json has no end-of-text token");
        string config = init is null ? spec.ToConfigJson(tokenizer.VocabSize, endOfText) : InputFile.ReadAllText(Path.Combine(init, "config.json"), "a config.json");
        var model = init is null ? ModelFactory.Create(config, options.Seed) : PretrainedModel.Load(init).Model;
        RequireFits(model, worldFolder, init, tokenizer.VocabSize, options.SequenceLength);
        long parameters = model.Parameters.Sum(p => p.Value.ElementCount);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Architecture.ModelType}: {parameters:N0} parameters, {sentences.Count} sentences, {options.Steps} steps of {options.BatchSize} x {options.SequenceLength}"));
        var trainer = new Trainer(model, tokenizer, options);
        var unsaved = new List<string>();

        // A checkpoint is insurance: one that cannot be written (a full disk, a folder in the way) must not end the run.
        void Checkpoint(int step)
        {
            try
            {
                WorldModelFolder.Save(model, config, worldFolder, Path.Combine(checkpointFolder, $"step-{step}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unsaved.Add($"checkpoint step-{step} was not saved ({e.Message}); training went on");
            }
        }

        int done = 0;
        IReadOnlyList<TrainingStep> curve;
        try
        {
            curve = TrainingProgressView.Run(output, options.Steps, report => trainer.Train(sentences, s =>
            {
                done = s.Step;
                report(s);
            }, Checkpoint, stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped between steps: the weights after the last whole step are kept as a checkpoint.
            if (done > 0) Checkpoint(done);
            CommandWarnings.Write(error, unsaved);
            if (done > 0 && unsaved.Count == 0)
            {
                error.WriteLine($"the weights after step {done} of {options.Steps} are saved in {Path.GetFullPath(Path.Combine(checkpointFolder, $"step-{done}"))}; continue with --init from there (the optimizer state and learning-rate schedule start afresh)");
            }

            throw;
        }

        CommandWarnings.Write(error, unsaved);
        WorldModelFolder.Save(model, config, worldFolder, destination, staging => LossCurveFile.Write(curve, Path.Combine(staging, "loss.csv")));
        SaveLeftovers.Warn(error, destination);
        var last = curve[^1];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final loss {last.Loss:F4} (running {last.RunningLoss:F4}) after {last.Elapsed.TotalMinutes:F1} min -> {Path.GetFullPath(destination)}"));
        return 0;
    }
}
