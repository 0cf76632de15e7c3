using System.Text.Json;
using Amend.Tensors;

namespace Amend.Cli.Tests.Commands;

public sealed class InspectCommandTests
{
    private static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetSingle())];

    [Fact]
    public void Ids_PrintLastPositionLogits_AsTransformersComputedThem()
    {
        // Given the golden llama checkpoint and transformers' logits for its 7-token input
        using var golden = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Path("golden", "llama", "golden.json")));
        var sequence = golden.RootElement.GetProperty("sequences")[1];
        string ids = string.Join(",", sequence.GetProperty("input_ids").EnumerateArray().Select(x => x.GetInt32()));

        // When
        var (code, output, _) = CliRunner.Run("inspect", "--model", SharedFixtures.Path("golden", "llama"), "--ids", ids, "--json");

        // Then
        Assert.Equal(0, code);
        using var printed = JsonDocument.Parse(output);
        var expected = Floats(sequence.GetProperty("last_logits"));
        TensorAssert.Close(expected, Floats(printed.RootElement.GetProperty("logits")), rtol: 0, atol: 1e-4 * expected.Max(Math.Abs));
    }

    [Fact]
    public void Text_IsTokenizedFirst_AndAllPositionsGiveOneRowPerToken()
    {
        var (code, output, _) = CliRunner.Run(
            "inspect", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--text", "Hello world", "--all-positions", "--json");

        Assert.Equal(0, code);
        using var printed = JsonDocument.Parse(output);
        Assert.Equal([15496, 995], printed.RootElement.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()));
        var rows = printed.RootElement.GetProperty("logits");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(50257, rows[0].GetArrayLength());
    }

    [Theory]
    [InlineData("--ids", "1,two", "\"two\" is not a token id")]
    [InlineData("--ids", "1,600", "outside the vocabulary")]
    [InlineData("--text", "hi", "has no tokenizer")]
    public void BadInput_ExitsWithCodeTwoAndSaysWhy(string option, string value, string expected)
    {
        var (code, _, error) = CliRunner.Run("inspect", "--model", SharedFixtures.Path("golden", "llama"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void TextOfNoTokens_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run(
            "inspect", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"), "--text", "");

        Assert.Equal(2, code);
        Assert.Contains("--text \"\" encodes to no tokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IdsAndTextTogether_AreRejected()
    {
        // (golden GPT-2 with a tokenizer, so that --text alone would run: only the validator can refuse this)
        var (code, _, error) = CliRunner.Run("inspect", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"), "--ids", "1", "--text", "x");

        Assert.NotEqual(0, code);
        Assert.Contains("give exactly one of --ids or --text", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModel_NamesThePath()
    {
        var (code, _, error) = CliRunner.Run("inspect", "--model", "/nonexistent/model-dir", "--ids", "1");

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/model-dir", error);
    }

    [Fact]
    public void NonFiniteLogits_AreWrittenAsNull_WithAWarning()
    {
        // Given the golden GPT-2 with one token's embedding overflowed to infinity
        string folder = Directory.CreateTempSubdirectory("amend-inspect-nan-").FullName;
        try
        {
            string source = SharedFixtures.Path("golden", "gpt2");
            File.Copy(Path.Combine(source, "config.json"), Path.Combine(folder, "config.json"));
            using (var weights = Amend.Models.Checkpoints.SafetensorsReader.Open(Path.Combine(source, "model.safetensors")))
            {
                var tensors = weights.Header.Tensors.ToDictionary(t => t.Name, t => weights.Load(t.Name));
                var wte = tensors["transformer.wte.weight"];
                var values = wte.ToArray();
                values[1 * wte.Shape[1]] = float.PositiveInfinity;
                tensors["transformer.wte.weight"] = Tensor.FromArray(values, wte.Shape[0], wte.Shape[1]);
                Amend.Models.Checkpoints.SafetensorsWriter.WriteFile(Path.Combine(folder, "model.safetensors"), tensors);
            }

            // When that token is inspected
            var (code, output, error) = CliRunner.Run("inspect", "--model", folder, "--ids", "1", "--json");

            // Then the JSON is valid, with nulls where the logits are not numbers, and the warning says so
            Assert.True(code == 0, error);
            using var printed = JsonDocument.Parse(output);
            Assert.Contains(printed.RootElement.GetProperty("logits").EnumerateArray(), v => v.ValueKind == JsonValueKind.Null);
            Assert.Contains("logit(s) are NaN or infinite, written as null", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AnEmptyIdInTheList_IsRefused()
    {
        var (code, _, error) = CliRunner.Run("inspect", "--model", SharedFixtures.Path("golden", "gpt2"), "--ids", "1,,3");

        Assert.Equal(2, code);
        Assert.Contains("--ids: \"1,,3\" has an empty item", error, StringComparison.Ordinal);
    }
}
