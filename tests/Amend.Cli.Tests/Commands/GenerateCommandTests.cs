using System.Globalization;
using Amend.Cli.Commands;

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

    [Theory]
    [InlineData("--temperature", "-1", "--temperature must be finite and ≥ 0, got -1")]
    [InlineData("--temperature", "Infinity", "--temperature must be finite and ≥ 0, got Infinity")]
    [InlineData("--temperature", "1e39", "--temperature must be finite and ≥ 0, got 1e39 (beyond a float's range)")]
    [InlineData("--top-k", "-3", "--top-k must be at least 0, got -3")]
    [InlineData("--top-p", "0", "--top-p must be in (0, 1], got 0")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens must be at least 1, got 0")]
    [InlineData("--stop", "", "--stop must not be an empty string: every continuation contains it")]
    public void AValueOutOfRange_IsRefusedByName_BeforeTheModelLoads(string option, string value, string expected)
    {
        // A model that does not exist: the value is refused before any load is tried
        var (code, _, error) = CliRunner.Run("generate", "--model", Path.Combine(Path.GetTempPath(), "amend-no-such-model"), "--prompt", "x", option, value);

        Assert.Equal(2, code);
        Assert.StartsWith($"amend generate: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--model must be a folder, a llama2.c file or a hub id, got \"\"")]
    [InlineData("models/world-gpt2/config.json", "config.json: is a JSON file, not a checkpoint; pass the model folder that holds config.json and the weights")]
    public void AModelArgumentThatIsNoModel_SaysWhatItIs(string model, string expected)
    {
        string path = model.Length == 0 ? model : CheckoutFiles.Find(model, "run from the checkout");

        var (code, _, error) = CliRunner.Run("generate", "--model", path, "--prompt", "x");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AContinuationCutByTheModelsPositions_IsSaidToBe()
    {
        // Given the toy model, whose 64 positions a one-token prompt leaves 63 of
        string model = CheckoutFiles.Find(Path.Combine("models", "world-gpt2"), "run from the checkout");
        string[] args = ["generate", "--model", model, "--prompt", "a", "--stop", "never appears in its text"];

        // When it is asked for more, and for fewer
        var cut = CliRunner.Run([.. args, "--max-new-tokens", "100"]);
        var whole = CliRunner.Run([.. args, "--max-new-tokens", "10"]);

        // Then only the first says why it stopped short
        Assert.True(cut.ExitCode == 0, cut.Error);
        Assert.Contains("warning: stopped after 63 new token(s), not --max-new-tokens 100: the prompt and its continuation fill the model's 64 positions", cut.Error, StringComparison.Ordinal);
        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.DoesNotContain("warning", whole.Error, StringComparison.Ordinal);
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
            Assert.Contains("--top-p must be in (0, 1], got 1.5", error, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
