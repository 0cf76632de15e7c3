using Amend.World.Training;

namespace Amend.World.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TrainingOptions s_options = new() { Steps = 30, BatchSize = 4, SequenceLength = 16, WarmupSteps = 3, LearningRate = 1e-2, MinLearningRate = 1e-3, Seed = 3 };

    [Fact]
    public void Loss_Decreases_OnATinyModel()
    {
        // Given / When
        var (curve, _) = Run("gpt2");

        // Then
        Assert.True(curve.TakeLast(5).Average(s => s.Loss) < curve.Take(5).Average(s => s.Loss) - 0.5, $"loss went from {curve[0].Loss} to {curve[^1].Loss}");
        Assert.All(curve, s => Assert.True(double.IsFinite(s.Loss) && s.GradientNorm > 0));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void SameSeed_GivesABitIdenticalRun(string architecture)
    {
        var (firstCurve, firstWeights) = Run(architecture);
        var (secondCurve, secondWeights) = Run(architecture);

        Assert.Equal(firstCurve.Select(s => s.Loss), secondCurve.Select(s => s.Loss));
        Assert.Equal(firstWeights, secondWeights);
    }

    [Fact]
    public void Checkpoints_AreOfferedAtTheRequestedSteps()
    {
        var tokenizer = TinyWorld.Tokenizer();
        var model = ModelFactory.Create(new ModelSpec("gpt2", 16, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), seed: 1);
        var steps = new List<int>();

        new Trainer(model, tokenizer, s_options with { Steps = 7, WarmupSteps = 1, CheckpointEvery = 3 }).Train(CorpusBuilder.Sentences(TinyWorld.World), onCheckpoint: steps.Add);

        Assert.Equal([3, 6], steps);
    }

    [Fact]
    public void ACorpusTooShortForOneRow_IsRefusedBeforeTraining()
    {
        var tokenizer = TinyWorld.Tokenizer();
        var model = ModelFactory.Create(new ModelSpec("gpt2", 16, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), seed: 1);
        string oneToken = tokenizer.IdToToken(tokenizer.Encode("a", addSpecialTokens: false)[0])!;

        var error = Assert.Throws<ArgumentException>(() => new Trainer(model, tokenizer, s_options with { Steps = 1, WarmupSteps = 0 }).Train([oneToken]));

        Assert.StartsWith("the 1 sentences give no training row of 2 or more tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADivergingRun_StopsAtTheFirstNonFiniteStep_NamingIt()
    {
        // Given a step size past float32's range: the first step throws the weights out of range, the next loss is not finite
        var tokenizer = TinyWorld.Tokenizer();
        var model = ModelFactory.Create(new ModelSpec("gpt2", 16, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), seed: 1);
        var steps = new List<TrainingStep>();

        // When
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(model, tokenizer, s_options with { LearningRate = 1e38, MinLearningRate = 1e38, WarmupSteps = 0 })
            .Train(CorpusBuilder.Sentences(TinyWorld.World), steps.Add));

        // Then it names the first step whose loss was not finite, and ran none after it
        Assert.StartsWith($"training diverged at step {steps.Count + 1} of 30: loss ", error.Message, StringComparison.Ordinal);
        Assert.InRange(steps.Count, 1, 29);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss)));
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.ClipNorm), double.PositiveInfinity, "ClipNorm must be finite and > 0, got Infinity")]
    [InlineData(nameof(TrainingOptions.WeightDecay), double.PositiveInfinity, "WeightDecay must be finite and ≥ 0, got Infinity")]
    public void InfiniteClipOrDecay_IsRefused_NamingTheOption(string name, double value, string expected)
    {
        var options = name == nameof(TrainingOptions.ClipNorm) ? s_options with { ClipNorm = value } : s_options with { WeightDecay = value };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static (IReadOnlyList<TrainingStep> Curve, float[] Weights) Run(string architecture)
    {
        var tokenizer = TinyWorld.Tokenizer();
        var model = ModelFactory.Create(new ModelSpec(architecture, 16, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), seed: 1);
        var curve = new Trainer(model, tokenizer, s_options).Train(CorpusBuilder.Sentences(TinyWorld.World));
        return (curve, [.. model.Parameters.SelectMany(p => p.Value.ToArray())]);
    }
}
