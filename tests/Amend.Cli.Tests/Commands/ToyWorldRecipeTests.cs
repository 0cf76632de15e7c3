using Amend.Cli.Commands;
using Amend.Evaluation.Reports;

namespace Amend.Cli.Tests.Commands;

/// <summary>
/// The ROME and MEMIT recipes for the embedded toy model keep the editing issue's targets (Edit Succ. ≥ 95 with
/// Locality ≥ 90 for single edits, ≥ 90 for one MEMIT batch of 100), run exactly as docs/results/toy-world.md
/// runs them, on the first cases (the document's runs cover all 200).
/// </summary>
public sealed class ToyWorldRecipeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("amend-toy-recipes-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("ROME")]
    [InlineData("MEMIT")]
    public void SingleEdits_OnTheFirst20Cases_MeetTheTargets(string method)
    {
        // When
        var metrics = Bench(method, "--limit", "20");

        // Then
        Assert.True(metrics["reliability"] >= 95, $"{method} Edit Succ. {metrics["reliability"]:F2} < 95");
        Assert.True(metrics["locality"] >= 90, $"{method} Locality {metrics["locality"]:F2} < 90");
    }

    [Fact]
    public void MemitBatchOf100_MeetsTheTarget()
    {
        // When
        var metrics = Bench("MEMIT", "--mode", "batch", "--batch-size", "100", "--limit", "100");

        // Then
        Assert.True(metrics["reliability"] >= 90, $"MEMIT batch Edit Succ. {metrics["reliability"]:F2} < 90");
    }

    // Runs `amend bench` with the checkout's model, recipe and statistics corpus (computed afresh, its rows shown as
    // progress); returns each metric's overall mean.
    private Dictionary<string, double> Bench(string method, params string[] extra)
    {
        string model = CheckoutFiles.Find(Path.Combine("models", "world-gpt2"), "run from the checkout");
        string hparams = CheckoutFiles.Find(Path.Combine("hparams", method, "world-gpt2.yaml"), "run from the checkout");
        string corpus = CheckoutFiles.Find(Path.Combine("models", "world-seed1", "corpus.txt"), "run from the checkout");
        string output = Path.Combine(_folder.FullName, method + string.Join("", extra));
        string[] args = ["bench", "--model", model, "--data", Path.Combine(model, "benchmark.json"), "--method", method, "--hparams", hparams, "--stats-corpus", corpus,
            "--stats-cache", Path.Combine(_folder.FullName, "stats"), "--no-fluency", "--out", output, .. extra];

        var (code, _, error) = CliRunner.Run(args);

        Assert.True(code == 0, error);
        Assert.Contains("key statistics (corpus rows)", error, StringComparison.Ordinal);
        return RunFolder.ReadSummary(output).Metrics
            .Where(m => m.Kind is null or "overall")
            .ToDictionary(m => m.Metric, m => m.Mean);
    }
}
