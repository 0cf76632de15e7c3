using System.Text.Json.Nodes;
using Amend.World.Training;

namespace Amend.World.Tests.Training;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("gpt2", "n_embd", "n_head", "n_inner", 256)]
    [InlineData("llama", "hidden_size", "num_attention_heads", "intermediate_size", 192)]
    public void ConfigJson_CarriesTheShape_AndTheDefaultMlpWidth(string architecture, string width, string heads, string mlp, int expectedMlp)
    {
        var config = JsonNode.Parse(new ModelSpec(architecture, 64, 2, 4, 32).ToConfigJson(vocabSize: 300, endOfTextId: 0))!;

        Assert.Equal(architecture, (string?)config["model_type"]);
        Assert.Equal(64, (int)config[width]!);
        Assert.Equal(4, (int)config[heads]!);
        Assert.Equal(expectedMlp, (int)config[mlp]!);
        Assert.Equal(300, (int)config["vocab_size"]!);
    }

    [Theory]
    [InlineData("gpt2", 15, 2, 1, 64, "Heads", "model spec: Heads must be at least 1 and divide the hidden size 15 (each head takes an equal slice), got 2")]
    [InlineData("gpt2", 16, 2, 0, 64, "Layers", "model spec: Layers must be at least 1, got 0")]
    [InlineData("gpt2", 16, 0, 1, 64, "Heads", "model spec: Heads must be at least 1 and divide the hidden size 16 (each head takes an equal slice), got 0")]
    [InlineData("gpt2", 0, 2, 1, 64, "HiddenSize", "model spec: HiddenSize must be at least 1, got 0")]
    [InlineData("gpt2", 16, 2, 1, 0, "MaxPositions", "model spec: MaxPositions must be at least 1, got 0")]
    [InlineData("bert", 16, 2, 1, 64, "Architecture", "model spec: Architecture must be gpt2 or llama, got bert")]
    public void AShapeThatCannotBeBuilt_IsRefused_NamingTheSetting(string architecture, int hidden, int heads, int layers, int positions, string property, string expected)
    {
        var spec = new ModelSpec(architecture, hidden, layers, heads, positions);

        var error = Assert.Throws<ArgumentException>(() => spec.ToConfigJson(300, 0));

        Assert.Equal(expected, error.Message);
        Assert.Equal(property, spec.FirstViolation()?.Property);
    }

    [Fact]
    public void AnIntermediateSizeBelowZero_IsRefused_AndZeroMeansTheDefault()
    {
        Assert.Null(new ModelSpec("llama", 16, 1, 2, 32, IntermediateSize: 0).FirstViolation());
        Assert.Equal("IntermediateSize", new ModelSpec("llama", 16, 1, 2, 32, IntermediateSize: -1).FirstViolation()?.Property);
    }
}
