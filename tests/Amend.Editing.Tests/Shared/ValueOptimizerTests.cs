using Amend.Editing.Shared;
using Amend.Models.Hooks;

namespace Amend.Editing.Tests.Shared;

public sealed class ValueOptimizerTests
{
    private static readonly string[] Templates = ["{}", "Because of that. {}"];

    public static TheoryData<string, int> EditPoints() => new() { { "mlp", 2 }, { "block", 1 } };

    [Theory]
    [MemberData(nameof(EditPoints))]
    public void Optimize_LowersTheLoss_AndKeepsTheDeltaInsideTheClamp(string where, int lossLayer)
    {
        // Given ROME's setting (delta at the MLP output, final logits) or MEMIT's (residual stream, an earlier loss layer)
        var model = GoldenGpt2.Load();
        int[] target = model.EncodeContinuation(" Goa");
        var prompts = RewritingPrompts.Build(model, "The {} is located in the city of", "Space Needle", target, Templates, FactToken.SubjectLast);
        var point = where == "mlp" ? HookPoint.Mlp(1) : HookPoint.Block(0);
        var settings = new ValueOptimizerSettings(point, lossLayer, Steps: 6, LearningRate: 0.5, WeightDecay: 0.5, ClampNormFactor: 0.75, KlFactor: 0.0625);

        // When
        var z = ValueOptimizer.Optimize(model.Model, prompts, settings);

        // Then
        Assert.Equal(6, z.Losses.Count);
        Assert.Equal(5, z.Steps);
        Assert.True(z.Losses[^1] < z.Losses[0], $"loss went from {z.Losses[0]} to {z.Losses[^1]}");
        double norm(Tensor t) => Math.Sqrt(t.Square().Sum().Item());
        Assert.True(norm(z.Delta) <= (0.75 * norm(z.Initial) * (1 + 1e-5)), $"‖δ‖ {norm(z.Delta)} exceeds 0.75·‖v₀‖ = {0.75 * norm(z.Initial)}");
        var bare = KeyCollector.Collect(model, point, ["The {} is located in the city of"], "Space Needle", FactToken.SubjectLast);
        TensorAssert.Close(bare.Value(0), z.Initial, rtol: 1e-4, atol: 1e-5, what: "v₀");
    }

    [Fact]
    public void Build_PutsTheTargetAfterEachPrompt_AndTheKlPromptLast()
    {
        var model = GoldenGpt2.Load();
        int[] target = model.EncodeContinuation(" Goa");

        var prompts = RewritingPrompts.Build(model, "The {} is located in", "Space Needle", target, Templates, FactToken.SubjectLast);

        // The row-0 prompt ends "... located in Go": position t predicts target token j at t + 1.
        Assert.Equal(3, prompts.Batch.BatchSize);
        Assert.Equal(target.Length * Templates.Length, prompts.TargetPositions.Length);
        int length = prompts.Batch.Length;
        int[] row0 = prompts.Batch.Ids[0];
        Assert.Equal(target[0], row0[(prompts.TargetPositions[0] % length) + 1]);
        Assert.Equal(" Needle", model.Tokenizer.Decode([row0[prompts.LookupIndices[0] - 1], row0[prompts.LookupIndices[0]]]));
        int[] kl = prompts.Batch.Ids[2];
        Assert.Equal("Space Needle is a", model.Tokenizer.Decode(kl.AsSpan(0, prompts.Batch.AttentionMask![2].Sum())));
        Assert.Equal((2 * length) + prompts.LookupIndices[2], prompts.KlPositions[0]);
    }
}
