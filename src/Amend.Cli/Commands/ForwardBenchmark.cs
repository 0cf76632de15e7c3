using System.Diagnostics;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Cli.Commands;

/// <summary>
/// Forward and training-step throughput of a GPT-2-small-shaped model (12 layers, 768 wide, 50257 tokens)
/// with random weights written as safetensors and loaded like any checkpoint.
/// </summary>
internal static class ForwardBenchmark
{
    /// <summary>Blocks of the model.</summary>
    public const int Layers = 12;

    /// <summary>The model's config.json.</summary>
    public static readonly string ConfigJson = $$"""
        {"model_type":"gpt2","n_layer":{{Layers}},"n_embd":768,"n_head":12,"n_positions":1024,"vocab_size":50257,"activation_function":"gelu_new"}
        """;

    /// <summary>
    /// The random model as a checkpoint loads it: written to a temporary folder, read back, and the folder deleted at
    /// once (weights are read into memory), so a benchmark stopped later leaves no half-gigabyte folder behind.
    /// </summary>
    public static CausalLanguageModel CreateModel(int seed = 0)
    {
        string folder = Directory.CreateTempSubdirectory("amend-bench-model-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "config.json"), ConfigJson);
            var json = Amend.Models.HuggingFace.ConfigJson.Parse(ConfigJson, "benchmark config");
            using (var random = WeightSource.Random(new Random(seed), 0.02f))
            {
                var model = Amend.Models.Architectures.ArchitectureRegistry.Load(json, random);
                SafetensorsWriter.WriteFile(Path.Combine(folder, "model.safetensors"), model.Parameters.ToDictionary(p => p.Name, p => p.Value));
            }

            return ModelFolder.Load(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Median seconds per call of <paramref name="action"/> after one warm-up call.</summary>
    public static double MedianSeconds(Action action, int runs)
    {
        action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>Tokens per second of inference (no grad) and of one training step (forward, cross-entropy, backward).</summary>
    public static ForwardBenchmarkResult Measure(CausalLanguageModel model, int batch, int length, int runs)
    {
        var random = new Random(batch * 1000 + length);
        var rows = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, length).Select(_ => random.Next(model.VocabSize)).ToArray()).ToArray();
        var tokens = new TokenBatch(rows);
        int[] targets = [.. rows.SelectMany(r => r.Skip(1).Append(0))];

        double forward = MedianSeconds(() => { using var _ = GradMode.Disable(); model.Logits(tokens); }, runs);
        double train = MedianSeconds(() => TrainingStep(model, tokens, targets), Math.Max(1, runs / 2));
        return new ForwardBenchmarkResult(batch, length, batch * length / forward, batch * length / train);
    }

    private static void TrainingStep(CausalLanguageModel model, TokenBatch tokens, int[] targets)
    {
        var parameters = model.Parameters.Select(p => p.Value.RequireGrad()).ToList();
        var logits = model.Logits(tokens);
        var loss = logits.Reshape(-1, model.VocabSize).CrossEntropy(targets);
        var grads = loss.Backward();
        if (grads.Count != parameters.Count) throw new InvalidOperationException($"expected {parameters.Count} gradients, got {grads.Count}");
    }
}
