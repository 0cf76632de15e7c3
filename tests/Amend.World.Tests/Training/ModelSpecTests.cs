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
    [InlineData(15, 2, 1, 64, "model spec: 2 heads do not divide the hidden size 15")]
    [InlineData(16, 2, 0, 64, "model spec: hidden size 16, layers 0, heads 2 and positions 64 must all be at least 1")]
    [InlineData(16, 0, 1, 64, "model spec: hidden size 16, layers 1, heads 0 and positions 64 must all be at least 1")]
    public void AShapeThatCannotBeBuilt_IsRefused_SayingWhy(int hidden, int heads, int layers, int positions, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelSpec("gpt2", hidden, layers, heads, positions).ToConfigJson(300, 0));

        Assert.Equal(expected, error.Message);
    }
}
