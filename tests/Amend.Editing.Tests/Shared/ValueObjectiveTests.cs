using Amend.Editing.Shared;
using Amend.Models.Hooks;
using Amend.Models.Inference;

namespace Amend.Editing.Tests.Shared;

/// <summary>The joint search PMET runs: a delta at the MLP output and one at the attention output of the same layer.</summary>
public sealed class ValueObjectiveTests
{
    private const string Prompt = "The {} is located in the city of";
    private const string Subject = "Space Needle";
    private static readonly string[] Templates = ["{}", "Because of that. {}"];
    private static readonly HookPoint[] Points = [HookPoint.Mlp(1), HookPoint.Attention(1)];

    private static ValueOptimizerSettings Settings => new(HookPoint.Mlp(1), 2, Steps: 6, LearningRate: 0.5, WeightDecay: 0.5, ClampNormFactor: 0.75, KlFactor: 0.0625)
    {
        JointEditPoints = [HookPoint.Attention(1)],
    };

    [Fact]
    public void Gradient_OfEachDelta_MatchesFiniteDifferences()
    {
        // Given both deltas away from 0, so every term (weighted NLL, KL, both weight decays) is in the loss:
        // ∂loss/∂δᵢ = nll_factor·∂NLL/∂δᵢ + kl_factor·∂KL/∂δᵢ + wd·δᵢ/(‖δᵢ‖·‖v₀ᵢ‖²)
        var model = GoldenGpt2.Load();
        var prompts = RewritingPrompts.Build(model, Prompt, Subject, model.EncodeContinuation(" Goa"), ["{}"], FactToken.SubjectLast);
        var objective = ValueObjective.Measure(model.Model, prompts, Points, 2);
        var random = new Random(3);
        Tensor[] deltas = [.. objective.Initials.Select(v => Tensor.Randn(v.Shape, random).MulScalar((float)(0.1 * ValueObjective.Norm(v.ToArray()) / Math.Sqrt(v.ElementCount))))];

        // When / Then (the gradients are small, up to about 6e-3, so atol is 1e-4 rather than the default 2e-3, under
        // which a zero gradient would pass; the loss is a float32 near 10, whose steps of about 1e-6 over 2h must stay
        // below atol, hence h = 5e-2)
        GradientCheck.Assert(d => objective.Evaluate(model.Model, prompts, Settings, d, nllFactor: 1.7).Total, deltas, step: 5e-2, atol: 1e-4);
    }

    [Fact]
    public void JointSearch_KeepsEachDeltaInsideItsOwnClamp_AndLowersTheLoss()
    {
        // Given
        var model = GoldenGpt2.Load();
        var prompts = RewritingPrompts.Build(model, Prompt, Subject, model.EncodeContinuation(" Goa"), Templates, FactToken.SubjectLast);

        // When
        var z = ValueOptimizer.Optimize(model.Model, prompts, Settings);

        // Then
        Assert.True(z.Losses[^1] < z.Losses[0], $"loss went from {z.Losses[0]} to {z.Losses[^1]}");
        var attention = Assert.Single(z.Joint);
        Assert.Equal(HookPoint.Attention(1), attention.Point);
        TensorAssert.Close(KeyCollector.Collect(model, HookPoint.Attention(1), [Prompt], Subject, FactToken.SubjectLast).Value(0), attention.Initial, rtol: 1e-4, atol: 1e-5, what: "attention v₀");
        foreach (var (initial, delta) in new[] { (z.Initial, z.Delta), (attention.Initial, attention.Delta) })
        {
            double norm = ValueObjective.Norm(delta.ToArray()), limit = 0.75 * ValueObjective.Norm(initial.ToArray());
            Assert.True(norm > 0 && norm <= limit * (1 + 1e-5), $"‖δ‖ {norm} is 0 or exceeds 0.75·‖v₀‖ = {limit}");
        }
    }

    [Fact]
    public void EasedSearch_StopsAtOnce_WhenTheTargetIsAlreadyTheArgmaxAndNothingMoved()
    {
        // Given a one-token target the model already predicts after the prompt, so KL is 0 at δ = 0
        var model = GoldenGpt2.Load();
        int[] prompt = model.EncodePrompt(Prompt.Replace("{}", Subject, StringComparison.Ordinal));
        int argmax = model.Model.Logits(TokenBatch.Single(prompt)).Narrow(1, prompt.Length - 1, 1).Reshape(-1).ArgMax();
        var prompts = RewritingPrompts.Build(model, Prompt, Subject, [argmax], ["{}"], FactToken.SubjectLast);

        // When
        var eased = ValueOptimizer.Optimize(model.Model, prompts, Settings with { EaseNllAtArgmax = true });
        var plain = ValueOptimizer.Optimize(model.Model, prompts, Settings);

        // Then: the eased search ends after its first pass without a step; the plain one keeps going
        Assert.True(eased.Nll > ValueOptimizerSettings.StopLoss, $"NLL {eased.Nll} would stop the search anyway");
        Assert.Equal(0, eased.Steps);
        Assert.Single(eased.Losses);
        Assert.Equal(5, plain.Steps);
    }
}
