using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.World.Evaluation;
using Amend.World.Training;

namespace Amend.World.Tests.Evaluation;

public sealed class RecallEvaluatorTests
{
    [Fact]
    public void AnAnswerCounts_OnlyWhenTheSentenceEndsAfterIt()
    {
        // Given a hand-made model whose prediction depends only on the position: all blocks are zero, so the final
        // norm sees wte[token] + wpe[position]; wpe is large at positions n−2 and n−1 along e₁ and at n along e₂, and
        // wte has e₁ for token x (the first token of a country's name) and e₂ for ".", so the model says x after
        // positions n−2 and n−1 and "." after position n (the prompt's own tokens have no embedding).
        var tokenizer = TinyWorld.Tokenizer();
        string country = TinyWorld.World.OfKind(EntityKind.Country).First().Name;
        int x = tokenizer.Encode(" " + country, addSpecialTokens: false)[0];
        int end = Assert.Single(tokenizer.Encode(".", addSpecialTokens: false));
        string answer = tokenizer.Decode([x]).TrimStart();
        Assert.Equal([x], tokenizer.Encode(" " + answer, addSpecialTokens: false));
        string longer = "a a a a";
        int[] ids = tokenizer.Encode(longer, addSpecialTokens: false);
        int n = ids.Length;
        string shorter = tokenizer.Decode(ids[..^1]);
        Assert.Equal(n - 1, tokenizer.Encode(shorter, addSpecialTokens: false).Length);
        Assert.DoesNotContain(ids, id => id == x || id == end);
        var model = ArchitectureRegistry.Load(
            ConfigJson.Parse(new ModelSpec("gpt2", 8, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), "test"),
            WeightSource.FromInitializer((name, shape) => name switch
            {
                "transformer.ln_f.weight" => Tensor.Full(shape, 1f),
                "transformer.wte.weight" => Rows(shape, (x, 1, 1f), (end, 2, 1f)),
                "transformer.wpe.weight" => Rows(shape, (n - 2, 1, 100f), (n - 1, 1, 100f), (n, 2, 100f)),
                _ => Tensor.Zeros(shape),
            }, "hand-made"));

        // When: after the n-token prompt the model says x and then "."; after n − 1 tokens it says x and then x again
        double ended = RecallEvaluator.Recall(model, tokenizer, [new RecallProbe(longer, answer)]);
        double goesOn = RecallEvaluator.Recall(model, tokenizer, [new RecallProbe(shorter, answer)]);
        double tooShort = RecallEvaluator.Recall(model, tokenizer, [new RecallProbe(longer, answer + " " + answer)]);

        // Then only the answer the sentence ends after counts
        Assert.Equal(1, ended);
        Assert.Equal(0, goesOn);
        Assert.Equal(0, tooShort);
    }

    private static Tensor Rows(Shape shape, params (int Row, int Column, float Value)[] entries)
    {
        var values = new float[shape.ElementCount];
        foreach (var (row, column, value) in entries) values[(row * shape[1]) + column] = value;
        return Tensor.Wrap(values, shape);
    }
}
