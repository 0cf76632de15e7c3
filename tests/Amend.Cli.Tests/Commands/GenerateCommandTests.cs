using System.Globalization;

namespace Amend.Cli.Tests.Commands;

public sealed class GenerateCommandTests
{
    [Fact]
    public void Stories260K_ContinuesOnceUponATime()
    {
        var (code, output, _) = CliRunner.Run(
            "generate", "--model", SharedFixtures.Path("models", "stories260K", "stories260K.bin"), "--prompt", "Once upon a time", "--max-new-tokens", "20");

        Assert.Equal(0, code);
        Assert.StartsWith("Once upon a time, there was a little girl", output);
    }

    [Fact]
    public void SampledGeneration_IsReproducibleWithASeed()
    {
        string[] args = ["generate", "--model", SharedFixtures.Path("models", "stories260K", "stories260K.bin"), "--prompt", "Tom had a dog", "--max-new-tokens", "20", "--temperature", "0.9", "--seed", "11"];

        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);
        var otherSeed = CliRunner.Run([.. args[..^1], "12"]);

        // Same seed, same text; another seed, another text (so the seed and the sampling are not ignored)
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(0, otherSeed.ExitCode);
        Assert.NotEqual(first.Output, otherSeed.Output);
    }

    [Fact]
    public void TopKAtTemperatureZero_WarnsThatDecodingIsGreedy()
    {
        string[] greedy = ["generate", "--model", SharedFixtures.Path("models", "stories260K", "stories260K.bin"), "--prompt", "Tom had a dog", "--max-new-tokens", "10"];

        var plain = CliRunner.Run(greedy);
        var withTopK = CliRunner.Run([.. greedy, "--top-k", "5"]);

        Assert.Equal(0, withTopK.ExitCode);
        Assert.Equal(plain.Output, withTopK.Output);
        Assert.DoesNotContain("warning", plain.Error, StringComparison.Ordinal);
        Assert.Contains("warning: --top-k and --top-p shape sampling only", withTopK.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadTemperature_IsReportedByName()
    {
        var (code, _, error) = CliRunner.Run(
            "generate", "--model", SharedFixtures.Path("models", "stories260K", "stories260K.bin"), "--prompt", "x", "--temperature", "-1");

        Assert.Equal(2, code);
        Assert.Contains("temperature", error);
    }

    [Fact]
    public void AnEmptyPrompt_SaysItHasNoTokens_WhereTheTokenizerAddsNoBos()
    {
        var (code, _, error) = CliRunner.Run(
            "generate", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"), "--prompt", "");

        Assert.Equal(2, code);
        Assert.Contains("the prompt \"\" encodes to no tokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMistypedPathUnderALocalFolder_SaysSo_BesideTheHubAnswer()
    {
        // Given "owner/missing" where owner/ is a local folder: a typo more likely than a hub id
        string owner = Directory.CreateDirectory($"amend-owner-{Guid.NewGuid():N}").Name;
        try
        {
            var (code, _, error) = CliRunner.Run("generate", "--model", $"{owner}/missing", "--offline", "--prompt", "hi");

            Assert.Equal(2, code);
            Assert.Contains($"no model folder at {owner}/missing (though {owner}/ is a folder here), and as a hub id: ", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(owner);
        }
    }

    [Fact]
    public void Numbers_ParseTheSameUnderACultureWithDecimalCommas()
    {
        // Given a German culture, where "1.5" would parse as 15 ("." groups thousands)
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var (code, _, error) = CliRunner.Run(
                "generate", "--model", SharedFixtures.Path("models", "stories260K", "stories260K.bin"), "--prompt", "Tom", "--temperature", "1", "--top-p", "1.5");

            Assert.Equal(2, code);
            Assert.Contains("top-p must be in (0, 1], got 1.5", error, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
