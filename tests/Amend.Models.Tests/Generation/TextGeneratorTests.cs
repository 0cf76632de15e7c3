using Amend.Models.Generation;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
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

    [Theory]
    [InlineData(1e-39f)]
    [InlineData(float.Epsilon)]
    public void ATemperatureNearFloatsSmallest_SamplesAsGreedy(float temperature)
    {
        // logits / T overflows float there; the draw must still pick the largest logit, not NaN weights' last token.
        var generator = new TextGenerator(ModelFolder.Load(SharedFixtures.Path("golden", "llama")));
        var greedy = generator.Generate([Long], new GenerationOptions { MaxNewTokens = 8 })[0].TokenIds;

        var cold = generator.Generate([Long], new GenerationOptions { MaxNewTokens = 8, Temperature = temperature, Seed = 5 })[0].TokenIds;

        Assert.Equal(greedy, cold);
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

    [Fact]
    public void AMistralWindowShorterThanItsPositions_BoundsPromptAndGeneration()
    {
        // Given the golden Mistral with a sliding window of 8 tokens (windowed attention is not implemented)
        string folder = Directory.CreateTempSubdirectory("amend-mistral-window-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(SharedFixtures.Path("golden", "mistral"))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            string config = Path.Combine(folder, "config.json");
            File.WriteAllText(config, File.ReadAllText(config).Replace("\"sliding_window\": 4096", "\"sliding_window\": 8", StringComparison.Ordinal));
            var model = ModelFolder.Load(folder);
            var generator = new TextGenerator(model);

            var result = generator.Generate([[5, 6, 7, 8, 9]], new GenerationOptions { MaxNewTokens = 10 })[0];

            // Then it takes 8 positions: three new tokens end the row by length, and a 9-token prompt is refused
            Assert.Equal(8, model.MaxPositions);
            Assert.Equal((3, "length"), (result.TokenIds.Count, result.FinishReason));
            Assert.Throws<SequenceTooLongException>(() => generator.Generate([[1, 2, 3, 4, 5, 6, 7, 8, 9]], new GenerationOptions { MaxNewTokens = 1 }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void IdsTheTokenizerLacks_AreKeptInTheIds_AndLeftOutOfTheText()
    {
        // Given a tokenizer that knows only the first 1000 of the model's 50257 ids, as a padded vocabulary would
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "gpt2"));
        var full = TokenizerLoader.FromFolder(SharedFixtures.Path("models", "fake-gpt2-tiny-random"));
        var generator = new TextGenerator(model, new FirstIdsOnly(full, 1000));

        var result = generator.Generate([Long], new GenerationOptions { MaxNewTokens = 8 })[0];

        Assert.Contains(result.TokenIds, id => id >= 1000);
        Assert.Equal(full.Decode([.. result.TokenIds.Where(id => id < 1000)]), result.Text);
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

    // The first `count` ids of a tokenizer; the rest have no token and Decode refuses them.
    private sealed class FirstIdsOnly(ITokenizer inner, int count) : ITokenizer
    {
        public int VocabSize => count;

        public SpecialTokenIds SpecialTokens => inner.SpecialTokens;

        public int[] Encode(string text, bool addSpecialTokens = true) => inner.Encode(text, addSpecialTokens);

        public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
        {
            foreach (int id in ids) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, count, nameof(ids));
            return inner.Decode(ids, skipSpecialTokens, cleanUpTokenizationSpaces);
        }

        public int? TokenToId(string token) => inner.TokenToId(token) is int id && id < count ? id : null;

        public string? IdToToken(int id) => id < count ? inner.IdToToken(id) : null;
    }
}
