using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Tensors.Optim;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.Shared;

/// <summary>
/// Finds the value v* = v₀ + δ that makes the model say the target (ROME's <c>compute_v</c> optimisation, MEMIT's
/// <c>compute_z</c>): δ is added to <see cref="ValueOptimizerSettings.EditPoint"/>'s output at each prompt's
/// located token and optimised with Adam on
/// <code>
/// loss = mean NLL(target | rewriting prompts) + kl_factor·KL(p_edited ‖ p_unedited on "{} is a") + wd·‖δ‖ / ‖v₀‖²
/// </code>
/// with ‖δ‖ clamped to clamp_norm_factor·‖v₀‖ after each step. The search stops when the loss falls below
/// <see cref="ValueOptimizerSettings.StopLoss"/> or at the last pass, which takes no step (as the reference's loop).
/// The model's weights are only read.
/// </summary>
public static class ValueOptimizer
{
    /// <summary>Runs the search on <paramref name="prompts"/>.</summary>
    /// <exception cref="ArgumentException">The settings are out of range (non-positive steps or rate, negative factors).</exception>
    /// <exception cref="InvalidOperationException">The forward pass does not reach the edit point or the loss layer.</exception>
    public static ValueOptimization Optimize(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings, IProgress<EditProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        Check(settings);
        var (initial, klInitial) = CleanPass(model, prompts, settings);
        double initialNorm = Norm(initial.ToArray());
        var values = new float[initial.ElementCount];
        var delta = Tensor.Wrap(values, initial.Shape).RequireGrad();
        var adam = new Adam([delta], settings.LearningRate);
        var losses = new List<double>();
        (Tensor Total, double Nll, double Kl) terms = default;
        int steps = 0;
        for (int pass = 0; pass < settings.Steps; pass++)
        {
            terms = Loss(model, prompts, settings, delta, klInitial, initialNorm);
            losses.Add(terms.Total.Item());
            progress?.Report(new EditProgress("v* optimisation", pass + 1, settings.Steps, $"loss {losses[^1]:F4} (NLL {terms.Nll:F4}, KL {terms.Kl:F4})"));
            if (losses[^1] < ValueOptimizerSettings.StopLoss || pass == settings.Steps - 1) break;
            adam.Step(terms.Total.Backward());
            steps++;
            ClampNorm(values, settings.ClampNormFactor * initialNorm);
        }

        return new ValueOptimization(initial, Tensor.Wrap((float[])values.Clone(), initial.Shape), steps, losses[^1], terms.Nll, terms.Kl, losses);
    }

    // v₀ at the first prompt's located token, and the KL prompts' unedited log-probabilities.
    private static (Tensor Initial, Tensor KlInitial) CleanPass(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings)
    {
        using var noGrad = GradMode.Disable();
        using var edit = new Trace(model.Hooks, settings.EditPoint);
        using var read = new Trace(model.Hooks, HookPoint.Block(settings.LossLayer), new TraceOptions { Stop = true });
        model.Run(prompts.Batch);
        if (edit.Output is null || read.Output is null) throw new InvalidOperationException($"the forward pass did not reach {settings.EditPoint} and {HookPoint.Block(settings.LossLayer)}");
        var initial = KeyCollector.AtTokens(edit.Output.Narrow(0, 0, 1), [prompts.LookupIndices[0]]);
        var hidden = read.Output.Reshape(-1, read.Output.Shape[2]);
        return (initial.Reshape(initial.Shape[1]).Contiguous(), model.HeadLogits(hidden.IndexSelect(0, prompts.KlPositions)).LogSoftmax());
    }

    private static (Tensor Total, double Nll, double Kl) Loss(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings, Tensor delta, Tensor klInitial, double initialNorm)
    {
        int rows = prompts.LookupIndices.Length;
        var spread = delta.Unsqueeze(0).Expand(new Shape(rows, delta.ElementCount));
        var addDelta = TokenEdits.AddAt([.. Enumerable.Range(0, rows)], prompts.LookupIndices, spread);
        using var edit = new Trace(model.Hooks, settings.EditPoint, new TraceOptions { RetainOutput = false, EditOutput = addDelta });
        using var read = new Trace(model.Hooks, HookPoint.Block(settings.LossLayer), new TraceOptions { Stop = true });
        model.Run(prompts.Batch);
        var hidden = read.Output!.Reshape(-1, read.Output.Shape[2]);

        // Only the rows the loss reads go through the head: the same values as the reference's full logits, far cheaper.
        var nll = model.HeadLogits(hidden.IndexSelect(0, prompts.TargetPositions)).CrossEntropy(prompts.TargetIds);
        var klLogProbs = model.HeadLogits(hidden.IndexSelect(0, prompts.KlPositions)).LogSoftmax();
        var kl = Tensor.KlDivergence(klLogProbs, klInitial).MulScalar((float)settings.KlFactor);
        var total = nll.Add(kl);

        // ‖δ‖ has no gradient at δ = 0; torch gives it 0 there, so the term joins the graph only once δ moved.
        if (Norm(delta.ToArray()) > 0) total = total.Add(delta.Square().Sum().Sqrt().MulScalar((float)(settings.WeightDecay / (initialNorm * initialNorm))));
        return (total, nll.Item(), kl.Item());
    }

    // The projection onto the ball ‖δ‖ ≤ max, in place: δ is the optimiser's leaf, and no graph reads it between steps.
    private static void ClampNorm(float[] delta, double max)
    {
        double norm = Norm(delta);
        if (norm <= max) return;
        float scale = (float)(max / norm);
        for (int i = 0; i < delta.Length; i++) delta[i] *= scale;
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    private static void Check(ValueOptimizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Steps < 1) throw new ArgumentException($"v_num_grad_steps must be ≥ 1, got {settings.Steps}", nameof(settings));
        if (!(settings.LearningRate > 0)) throw new ArgumentException($"v_lr must be > 0, got {settings.LearningRate}", nameof(settings));
        if (!(settings.WeightDecay >= 0) || !(settings.KlFactor >= 0) || !(settings.ClampNormFactor > 0))
        {
            throw new ArgumentException($"v_weight_decay ({settings.WeightDecay}) and kl_factor ({settings.KlFactor}) must be ≥ 0 and clamp_norm_factor ({settings.ClampNormFactor}) > 0", nameof(settings));
        }
    }
}
