using Amend.Models.Generation;
using Amend.Models.HuggingFace;
using Amend.Models.Tokenizers;

namespace Amend.Models.Tests.Generation;

public sealed class TextGeneratorTests
{
    private static readonly int[] Short = [17, 301, 52];
    private static readonly int[] Long = [298, 329, 320, 461, 246, 283, 443];

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void LeftPaddedBatch_GivesEachRowItsOwnContinuation(string folder)
    {
        // Given two prompts of different lengths, generated alone and together
        var model = ModelFolder.Load(SharedFixtures.Path("golden", folder));
        var generator = new TextGenerator(model);
        var options = new GenerationOptions { MaxNewTokens = 6 };

        // When
        var alone = new[] { generator.Generate([Short], options)[0], generator.Generate([Long], options)[0] };
        var together = generator.Generate([Short, Long], options);

        // Then padding and masking leave each row's greedy tokens unchanged
        Assert.Equal(alone[0].TokenIds, together[0].TokenIds);
        Assert.Equal(alone[1].TokenIds, together[1].TokenIds);
    }

    [Fact]
    public void Generation_StopsAtTheModelsPositions_AndATooLongPromptIsRefused()
    {
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "llama"));
        var generator = new TextGenerator(model);
        int[] prompt = [.. Enumerable.Repeat(Long, model.MaxPositions).SelectMany(x => x).Take(model.MaxPositions - 3)];

        var generated = generator.Generate([prompt], new GenerationOptions { MaxNewTokens = 40 })[0];
        int[] tooLong = [.. Enumerable.Repeat(Long[0], model.MaxPositions + 1)];

        Assert.Equal(3, generated.TokenIds.Count);
        Assert.Equal("length", generated.FinishReason);
        Assert.Throws<Amend.Models.Inference.SequenceTooLongException>(() => generator.Generate([tooLong], new GenerationOptions { MaxNewTokens = 1 }));
    }

    [Fact]
    public void Sampling_IsDeterministicPerSeed_AndTopKOneIsGreedy()
    {
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "llama"));
        var generator = new TextGenerator(model);
        var sampled = new GenerationOptions { MaxNewTokens = 8, Temperature = 1.5f, Seed = 3 };

        var first = generator.Generate([Long], sampled)[0].TokenIds;
        var again = generator.Generate([Long], sampled)[0].TokenIds;
        var otherSeed = generator.Generate([Long], sampled with { Seed = 4 })[0].TokenIds;
        var topOne = generator.Generate([Long], sampled with { TopK = 1 })[0].TokenIds;
        var greedy = generator.Generate([Long], new GenerationOptions { MaxNewTokens = 8 })[0].TokenIds;

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(greedy, topOne);
    }

    [Fact]
    public void EosId_EndsTheRow_AndIsKept()
    {
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "llama"));
        var greedy = new TextGenerator(model).Generate([Long], new GenerationOptions { MaxNewTokens = 10 })[0].TokenIds;

        var stopped = new TextGenerator(model).Generate([Long], new GenerationOptions { MaxNewTokens = 10, EosTokenIds = [greedy[2]] })[0];

        Assert.Equal("eos", stopped.FinishReason);
        Assert.Equal(greedy.Take(greedy.ToList().IndexOf(greedy[2]) + 1), stopped.TokenIds);
    }

    [Fact]
    public void StopString_CutsTheTextBeforeIt()
    {
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "gpt2"));
        var tokenizer = TokenizerLoader.FromFolder(SharedFixtures.Path("models", "fake-gpt2-tiny-random"));
        var generator = new TextGenerator(model, tokenizer);
        var full = generator.Generate("The Space Needle is in", new GenerationOptions { MaxNewTokens = 8 });
        string stop = full.Text!.Substring(full.Text.Length / 2, 2);

        var cut = generator.Generate("The Space Needle is in", new GenerationOptions { MaxNewTokens = 8, StopStrings = [stop] });

        Assert.Equal("stop", cut.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
    }

    [Theory]
    [InlineData(0, 0f, 0, 1f, "max new tokens")]
    [InlineData(5, -1f, 0, 1f, "temperature")]
    [InlineData(5, 1f, -2, 1f, "top-k")]
    [InlineData(5, 1f, 0, 0f, "top-p")]
    public void BadOptions_AreRejectedByName(int maxNew, float temperature, int topK, float topP, string expected)
    {
        var options = new GenerationOptions { MaxNewTokens = maxNew, Temperature = temperature, TopK = topK, TopP = topP };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message);
    }
}
