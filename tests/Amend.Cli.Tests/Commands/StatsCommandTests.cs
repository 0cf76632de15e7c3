using Amend.Models.Checkpoints;

namespace Amend.Cli.Tests.Commands;

public sealed class StatsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("amend-stats-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Stats_ComputesThenReadsTheCache_AndWritesTheCovarianceFile()
    {
        // Given a 20-row corpus and golden GPT-2
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 20).Select(i => $"Row {i} says something about the city of Paris and its {i} bridges ."));
        string output = Path.Combine(_folder, "cov.safetensors");
        string[] args = ["stats", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--layers", "0,2", "--corpus", corpus, "--samples", "12", "--cache-dir", Path.Combine(_folder, "cache"), "--out", output];

        // When it runs twice
        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);

        // Then the first computes (with a throughput line), the second reads the cache, and the file holds both layers
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("layer 0: 128×128 over", first.Output, StringComparison.Ordinal);
        Assert.Contains("tokens/s", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("all layers were in the cache", second.Output, StringComparison.Ordinal);
        using var file = SafetensorsReader.Open(output);
        Assert.True(file.Contains("transformer.h.2.mlp.c_proj.mom2"));
        Assert.True(file.Header.Metadata.ContainsKey("transformer.h.0.mlp.c_proj.count"));
    }

    [Theory]
    [InlineData("0,9", "layer 9")]
    [InlineData("0,x", "'x' is not a block index")]
    [InlineData("0,,2", "--layers: \"0,,2\" has an empty item")]
    public void Stats_BadLayers_OneLineError(string layers, string expected)
    {
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllText(corpus, "one row\n");

        var (code, _, error) = CliRunner.Run("stats", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--layers", layers, "--corpus", corpus, "--cache-dir", Path.Combine(_folder, "cache"));

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out", "x.safetensors", "cannot write in {0} for the moments (--out): {0} is a file")]
    [InlineData("--cache-dir", "", "cannot write in {0} for the statistics cache (--cache-dir or $AMEND_STATS_CACHE): {0} is a file")]
    public void Stats_AnOutputUnderAFile_IsRefusedBeforeTheModelLoads(string option, string below, string expected)
    {
        // Given a plain file where a folder would have to be, and a model path that does not exist
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllText(corpus, "one row\n");

        var (code, _, error) = CliRunner.Run("stats", "--model", Path.Combine(_folder, "no-such-model"), "--layers", "0", "--corpus", corpus, option, Path.Combine(file, below));

        Assert.Equal(2, code);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_AMaxLengthPastThePositions_IsRefusedByName()
    {
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllText(corpus, "one row\n");

        var (code, _, error) = CliRunner.Run("stats", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--layers", "0", "--corpus", corpus, "--cache-dir", Path.Combine(_folder, "cache"), "--max-length", "5000");

        Assert.Equal(2, code);
        Assert.Contains("--max-length 5000 is more than the model's", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_NoSamples_IsRefusedByName()
    {
        var (code, _, error) = CliRunner.Run("stats", "--model", "m", "--layers", "0", "--corpus", "c", "--samples", "0");

        Assert.Equal(2, code);
        Assert.Contains("--samples must be at least 1, got 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_MissingCorpus_NamesTheFile()
    {
        string missing = Path.Combine(_folder, "missing.txt");

        var (code, _, error) = CliRunner.Run("stats", "--model", SharedFixtures.Path("golden", "gpt2"), "--layers", "0", "--corpus", missing);

        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_AnOutThatIsAModelsWeights_IsRefusedBeforeTheCorpusPass()
    {
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllText(corpus, "one row about Paris\n");
        string weights = Path.Combine(_folder, "model.safetensors");
        File.Copy(SharedFixtures.Path("golden", "gpt2", "model.safetensors"), weights);
        byte[] before = File.ReadAllBytes(weights);

        var (code, output, error) = CliRunner.Run("stats", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--layers", "0", "--corpus", corpus, "--cache-dir", Path.Combine(_folder, "cache"), "--out", weights);

        Assert.Equal(2, code);
        Assert.Contains($"{weights} exists and is not a covariance file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("layer 0:", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(weights));
    }
}
