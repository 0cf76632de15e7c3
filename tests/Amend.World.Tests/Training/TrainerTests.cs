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

    private static (IReadOnlyList<TrainingStep> Curve, float[] Weights) Run(string architecture)
    {
        var tokenizer = TinyWorld.Tokenizer();
        var model = ModelFactory.Create(new ModelSpec(architecture, 16, 1, 2, 32).ToConfigJson(tokenizer.VocabSize, 0), seed: 1);
        var curve = new Trainer(model, tokenizer, s_options).Train(CorpusBuilder.Sentences(TinyWorld.World));
        return (curve, [.. model.Parameters.SelectMany(p => p.Value.ToArray())]);
    }
}
