using System.Text.Json;
using Amend.Cli.Commands;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Tests.Commands;

/// <summary>The benchmarks on the GPT-2-small-shaped random model: <c>bench edit</c>, <c>bench stats</c>, <c>bench forward</c>'s measurement.</summary>
public sealed class BenchModelShapeCommandTests
{
    private static string Tokenizer => SharedFixtures.Path("models", "fake-gpt2-tiny-random");

    [Fact]
    public void BenchEdit_TimesRomeAndAMemitBatch_ByPhase()
    {
        // When
        var (code, output, error) = CliRunner.Run("bench", "edit", "--tokenizer", Tokenizer, "--memit-requests", "2", "--json");

        // Then both editors ran on the 12-layer shape, each phase a part of its total
        Assert.True(code == 0, error);
        var results = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ROME", "MEMIT"], results.Select(r => r.GetProperty("method").GetString()));
        Assert.Equal([1, 2], results.Select(r => r.GetProperty("requests").GetInt32()));
        Assert.Equal(["templates", "keys", "v_optimisation", "update"], Phases(results[0]).Keys);
        Assert.Contains("z_optimisation", Phases(results[1]).Keys);
        foreach (var result in results)
        {
            double total = result.GetProperty("total_seconds").GetDouble();
            Assert.All(Phases(result).Values, s => Assert.InRange(s, 0, total));
            Assert.InRange(Phases(result).Values.Sum(), 0, total);
        }
    }

    [Fact]
    public void BenchStats_MeasuresEachBoundAndTheStatisticsEndToEnd()
    {
        // Given a two-row corpus
        string corpus = Path.Combine(Path.GetTempPath(), $"amend-bench-stats-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(corpus, ["The Space Needle is in Seattle.", "Paris is the capital of France."]);
        try
        {
            // When
            var (code, output, error) = CliRunner.Run("bench", "stats", "--tokenizer", Tokenizer, "--corpus", corpus, "--samples", "2", "--layer", "3", "--runs", "1");

            // Then every row has a rate, and the statistics counted the corpus's tokens at layer 3
            Assert.True(code == 0, error);
            foreach (string row in new[] { "full forward (logits)", "forward stopped after layer 3", "Σ k kᵀ update alone (float64, d = 3072)", "statistics end to end" })
            {
                Assert.Contains(row, output, StringComparison.Ordinal);
            }

            Assert.Contains("keys of layer 3", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(corpus);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12")]
    public void BenchStats_ALayerOutsideTheShape_IsRefusedBeforeAnyWork(string layer)
    {
        var (code, _, error) = CliRunner.Run("bench", "stats", "--tokenizer", "missing", "--corpus", "missing", "--layer", layer);

        Assert.Equal(2, code);
        Assert.Contains($"--layer must be in 0..11 (the blocks of the GPT-2-small shape), got {layer}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardMeasurement_OnATinyModel_GivesRatesForEveryToken()
    {
        // Given the tiny GPT-2 checkpoint
        var model = ModelFolder.Load(Tokenizer);

        // When
        var result = ForwardBenchmark.Measure(model, batch: 2, length: 8, runs: 1);

        // Then the shape is echoed and both rates are finite and positive (the training step reached every parameter, or it throws)
        Assert.Equal((2, 8), (result.Batch, result.Length));
        Assert.True(double.IsFinite(result.ForwardTokensPerSecond) && result.ForwardTokensPerSecond > 0, $"forward {result.ForwardTokensPerSecond}");
        Assert.True(double.IsFinite(result.TrainTokensPerSecond) && result.TrainTokensPerSecond > 0, $"train {result.TrainTokensPerSecond}");
    }

    private static Dictionary<string, double> Phases(JsonElement result) =>
        result.GetProperty("phase_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
}
