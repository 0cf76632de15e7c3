using Amend.Cli.Commands;

namespace Amend.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    // The statistics are computed here, not read from (or written to) the user's cache, which another build may have filled.
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("amend-demo-stats-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Fact]
    public void Demo_EditsTheDefaultModel_AndBacksItsClaims()
    {
        // When the README's first command runs on the embedded model (models/world-gpt2 in the checkout)
        var (code, output, error) = CliRunner.Run("demo", "--stats-cache", _cache.FullName);

        // Then the edited prompt gives the new answer, the metrics are printed with their protocols, and undo is exact
        Assert.True(code == 0, error);
        string editedRow = output.Split('\n').First(l => l.StartsWith("│ edited", StringComparison.Ordinal));
        Assert.Contains("✓", editedRow, StringComparison.Ordinal);
        Assert.Contains("reliability", output, StringComparison.Ordinal);
        Assert.Contains("TokenAccuracy", output, StringComparison.Ordinal);
        Assert.Contains("ArgmaxAgreement", output, StringComparison.Ordinal);
        Assert.Contains("every weight restored bit for bit", output, StringComparison.Ordinal);
        Assert.Contains("paraphrase", output, StringComparison.Ordinal);
        Assert.Contains("multi-hop", output, StringComparison.Ordinal);
        Assert.Contains("unrelated", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_CaseOutOfRange_IsAOneLineError()
    {
        var (code, _, error) = CliRunner.Run("demo", "--case", "100000");
        Assert.Equal(2, code);
        Assert.Contains("--case 100000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_MissingModelFolder_IsAOneLineError()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"amend-no-model-{Guid.NewGuid():N}");
        var (code, _, error) = CliRunner.Run("demo", "--model", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_OnAModelTheDefaultRecipeDoesNotFit_NamesTheRecipe()
    {
        string llama = CheckoutFiles.Find(Path.Combine("models", "world-llama"), "run from the checkout");

        var (code, _, error) = CliRunner.Run("demo", "--model", llama, "--stats-cache", _cache.FullName);

        Assert.Equal(2, code);
        Assert.Contains("world-gpt2.yaml: ROME hyperparameters do not fit this llama model", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_MissingStatisticsCorpus_IsAOneLineErrorNamingTheFile()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"amend-no-corpus-{Guid.NewGuid():N}.txt");
        var (code, _, error) = CliRunner.Run("demo", "--stats-corpus", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
