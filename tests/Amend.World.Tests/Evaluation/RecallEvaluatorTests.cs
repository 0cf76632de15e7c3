using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.World.Evaluation;
using Amend.World.Training;

namespace Amend.World.Tests.Evaluation;

public sealed class RecallEvaluatorTests
{
    [Fact]
    public void AModelThatAlwaysSaysOneToken_RecallsExactlyTheAnswersMadeOfIt()
    {
        // Given: all weights zero except ln_f.bias = e₀ and wte[x, 0] = 1, so every position's logits are
        // wte · e₀, whose argmax is token x whatever the input.
        var tokenizer = TinyWorld.Tokenizer();
        string country = TinyWorld.World.OfKind(EntityKind.Country).First().Name;
        int[] countryIds = tokenizer.Encode(" " + country, addSpecialTokens: false);
        int x = countryIds[0];
        string answer = tokenizer.Decode([x]).TrimStart();
        var model = ArchitectureRegistry.Load(
            ConfigJson.Parse(new ModelSpec("gpt2", 8, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), "test"),
            WeightSource.FromInitializer((name, shape) => name switch
            {
                "transformer.ln_f.bias" => OneHot(shape, 0),
                "transformer.wte.weight" => OneHot(shape, x * shape[1]),
                _ => Tensor.Zeros(shape),
            }, "hand-made"));
        RecallProbe[] probes = [new("Anything at all", answer), new("Other text", answer + " " + answer), new("More text", "zzz")];

        // When
        double recall = RecallEvaluator.Recall(model, tokenizer, probes);

        // Then: the first two are all x (if " answer answer" re-tokenises to [x, x]); the third is not.
        bool doubleIsRepeat = tokenizer.Encode(" " + answer + " " + answer, addSpecialTokens: false).SequenceEqual([x, x]);
        Assert.Equal(doubleIsRepeat ? 2.0 / 3 : 1.0 / 3, recall, 12);
    }

    private static Tensor OneHot(Shape shape, int flatIndex)
    {
        var values = new float[shape.ElementCount];
        values[flatIndex] = 1;
        return Tensor.Wrap(values, shape);
    }
}
