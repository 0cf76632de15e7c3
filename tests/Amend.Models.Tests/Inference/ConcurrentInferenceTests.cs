using Amend.Models.Generation;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.Models.Tests.Inference;

/// <summary>A service shares one loaded model among request threads: inference must not share mutable state between calls.</summary>
public sealed class ConcurrentInferenceTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void ForwardPassesAndGreedyGenerations_OnManyThreadsAtOnce_MatchTheSameCallsMadeOneByOne(string folder)
    {
        // Given one model and a set of prompts of several lengths, answered one by one
        var model = ModelFolder.Load(SharedFixtures.Path("golden", folder));
        int[][] prompts = [.. Enumerable.Range(1, 8).Select(n => Enumerable.Range(0, n + 2).Select(i => ((i * 37) + (n * 11)) % 200 + 3).ToArray())];
        var options = new GenerationOptions { MaxNewTokens = 5 };
        var logits = prompts.Select(p => model.Logits(TokenBatch.Single(p)).ToArray()).ToArray();
        var greedy = prompts.Select(p => new TextGenerator(model).Generate([p], options)[0].TokenIds.ToArray()).ToArray();

        // When eight threads make the same calls at once, four times over
        var concurrentLogits = new float[prompts.Length][];
        var concurrentGreedy = new int[prompts.Length][];
        for (int round = 0; round < 4; round++)
        {
            Parallel.For(0, prompts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                concurrentLogits[i] = model.Logits(TokenBatch.Single(prompts[i])).ToArray();
                concurrentGreedy[i] = new TextGenerator(model).Generate([prompts[i]], options)[0].TokenIds.ToArray();
            });

            // Then every answer is its one-by-one answer (a product run on the calling thread instead of the worker
            // pool may sum in another order, hence the tolerance on logits)
            for (int i = 0; i < prompts.Length; i++)
            {
                TensorAssert.Close(logits[i], concurrentLogits[i], rtol: 1e-4, atol: 1e-5, what: $"logits of prompt {i}, round {round}");
                Assert.Equal(greedy[i], concurrentGreedy[i]);
            }
        }
    }

    [Fact]
    public void EncodingAndDecoding_OnManyThreadsAtOnce_MatchTheSameCallsMadeOneByOne()
    {
        // Given GPT-2's tokenizer (whose word cache fills as it encodes) and texts sharing many words
        var tokenizer = Amend.Models.Tokenizers.TokenizerLoader.FromFolder(SharedFixtures.Path("models", "fake-gpt2-tiny-random"));
        string[] words = ["The", " Space", " Needle", " is", " in", " Seattle", " Goa", "!", " naïve", " 東京", " 1234", "  "];
        string[] texts = [.. Enumerable.Range(0, 64).Select(n => string.Concat(Enumerable.Range(0, 20).Select(i => words[((i * 7) + n) % words.Length])))];
        var expected = texts.Select(t => tokenizer.Encode(t)).ToArray();

        // When many threads encode and decode them at once
        var ids = new int[texts.Length][];
        var decoded = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            ids[i] = tokenizer.Encode(texts[i]);
            decoded[i] = tokenizer.Decode(ids[i]);
        });

        // Then each gets what one thread alone gets
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i], ids[i]);
            Assert.Equal(texts[i], decoded[i]);
        }
    }
}
