using System.CommandLine;
using System.Diagnostics;
using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Statistics;
using Amend.Evaluation.Datasets;
using Amend.Evaluation.Running;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend demo</c>: the embedded toy-world GPT-2 asked a fact, edited once with ROME, and asked again through the
/// edited prompt, a paraphrase, an alias, multi-hop questions and unrelated facts, with KnowEdit's metrics; then the
/// edit is undone bit for bit.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultModel = "models/world-gpt2";
    public const string DefaultHyperparameters = "hparams/ROME/world-gpt2.yaml";
    public const string DefaultCorpus = "models/world-seed1/corpus.txt";

    // A birthplace edit whose before/after rows show each kind of probe, multi-hop included (which this small
    // model fails before and after any edit). Other cases fare as docs/results/toy-world.md reports.
    public const int DefaultCase = 38;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"A toy-world model folder with its benchmark.json (default: {DefaultModel} in the checkout)." };
        var hparams = new Option<string?>("--hparams") { Description = $"ROME hyperparameters (default: {DefaultHyperparameters})." };
        var corpus = new Option<string?>("--stats-corpus") { Description = $"Corpus of ROME's key statistics, computed once and cached (default: {DefaultCorpus} in the checkout)." };
        var cache = new Option<string?>("--stats-cache") { Description = "Statistics cache folder (default $AMEND_STATS_CACHE, else ~/.cache/amend/stats)." };
        var caseIndex = new Option<int>("--case") { Description = "Which benchmark case to edit.", DefaultValueFactory = _ => DefaultCase };
        var command = new Command("demo", "Edit one fact of the embedded default model with ROME and show what changed.") { model, hparams, corpus, cache, caseIndex };
        command.SetAction(parse => CommandErrors.Run("demo", parse.InvocationConfiguration.Error, () =>
        {
            string folder = parse.GetValue(model) ?? CheckoutFiles.Find(DefaultModel, "run the demo from the checkout or pass --model");
            string yaml = parse.GetValue(hparams) ?? CheckoutFiles.Find(DefaultHyperparameters, "run the demo from the checkout or pass --hparams");
            string text = parse.GetValue(corpus) ?? CheckoutFiles.Find(DefaultCorpus, "run the demo from the checkout or pass --stats-corpus");
            var statistics = new ComputedStatistics(TextCorpus.Open(text), new StatisticsCache(parse.GetValue(cache)));
            var warnings = new List<string>();
            var editor = EditorRegistry.Create("ROME", yaml, warnings);
            CommandWarnings.Write(parse.InvocationConfiguration.Error, warnings);
            Run(folder, editor, yaml, statistics, parse.GetValue(caseIndex), parse.InvocationConfiguration.Output);
            return 0;
        }));
        return command;
    }

    private static void Run(string folder, IEditor editor, string yaml, IKeyStatisticsSource statistics, int caseIndex, TextWriter output)
    {
        long start = Stopwatch.GetTimestamp();
        var editable = EditableModel.From(PretrainedModel.Load(folder));
        HyperparameterFile.RequireValid(editor.Hyperparameters, editable.Model.Architecture, yaml);
        var dataset = DatasetLoader.Load(Path.Combine(folder, "benchmark.json"), "knowedit", name: "toy world");
        if ((uint)caseIndex >= (uint)dataset.Cases.Count) throw new ArgumentOutOfRangeException(nameof(caseIndex), $"--case {caseIndex} is outside 0..{dataset.Cases.Count - 1}");
        var benchmarkCase = dataset.Cases[caseIndex];
        var request = benchmarkCase.Requests[0];
        var options = new EditOptions { Seed = 1, Statistics = statistics };
        var probes = DemoProbes.From(request);
        var before = probes.Select(p => DemoProbes.Answer(editable, p.Prompt)).ToList();

        // One edit serves both the KnowEdit metrics (the runner edits, scores and undoes) and the after column.
        var originals = editable.Model.Parameters.Select(p => Tensor.Wrap(p.Value.ToArray(), p.Value.Shape).ToDType(p.Value.DType)).ToList();
        var observed = new ObservedEditor(editor, edited => [.. probes.Select(p => DemoProbes.Answer(edited, p.Prompt))]);
        var run = new BenchmarkRunner(editable, observed, new RunOptions { Seed = 1, Edit = options, ModelName = Path.GetFileName(folder) })
            .Run(dataset with { Cases = [benchmarkCase] });
        var result = observed.Result ?? throw new InvalidOperationException($"ROME rejected the edit of case {caseIndex}: {run.Cases[0].Error}");
        // Values, not references: an undo that put back the tensor objects after editing them in place must not pass.
        bool restored = editable.Model.Parameters.Zip(originals).All(pair => pair.First.Value.HasSameBits(pair.Second));

        new DemoReport(folder, request, probes, before, observed.Seen, run.Cases[0], result, observed.Seconds, restored, Stopwatch.GetElapsedTime(start).TotalSeconds).Write(output);
    }
}
