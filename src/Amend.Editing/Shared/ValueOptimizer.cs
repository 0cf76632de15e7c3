using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Tensors.Optim;

namespace Amend.Editing.Shared;

/// <summary>
/// Finds the value v* = v₀ + δ that makes the model say the target (ROME's <c>compute_v</c> optimisation, MEMIT's
/// <c>compute_z</c>, PMET's <c>compute_zs</c>): δ is added to <see cref="ValueOptimizerSettings.EditPoint"/>'s output
/// at each prompt's located token, together with one more delta per <see cref="ValueOptimizerSettings.JointEditPoints"/>
/// entry, and all are optimised jointly with Adam on
/// <code>
/// loss = nll_factor·mean NLL(target | rewriting prompts) + kl_factor·KL(p_edited ‖ p_unedited on "{} is a") + Σᵢ wd·‖δᵢ‖ / ‖v₀ᵢ‖²
/// </code>
/// (<see cref="ValueObjective"/>) with each ‖δᵢ‖ clamped to clamp_norm_factor·‖v₀ᵢ‖ after each step. The search stops
/// when the loss falls below <see cref="ValueOptimizerSettings.StopLoss"/>, when PMET's schedule says the edit has
/// settled (<see cref="ValueOptimizerSettings.EaseNllAtArgmax"/>), or at the last pass, which takes no step (as the
/// reference's loop). The model's weights are only read.
/// </summary>
public static class ValueOptimizer
{
    /// <summary>Runs the search on <paramref name="prompts"/>.</summary>
    /// <exception cref="ArgumentException">The settings are out of range (non-positive steps, rate or nll factor, negative factors, repeated points).</exception>
    /// <exception cref="InvalidOperationException">The forward pass does not reach an edit point or the loss layer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (checked before each pass).</exception>
    public static ValueOptimization Optimize(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        Check(settings);
        HookPoint[] points = [settings.EditPoint, .. settings.JointEditPoints];
        var objective = ValueObjective.Measure(model, prompts, points, settings.LossLayer);
        var values = objective.Initials.Select(i => new float[i.ElementCount]).ToArray();
        var deltas = values.Select((v, i) => Tensor.Wrap(v, objective.Initials[i].Shape).RequireGrad()).ToArray();
        var adam = new Adam(deltas, settings.LearningRate);
        var losses = new List<double>();
        (Tensor Total, double Nll, double Kl, bool TargetIsArgmax) terms = default;
        double nllFactor = settings.NllFactor;
        int steps = 0;
        for (int pass = 0; pass < settings.Steps; pass++)
        {
            cancellation.ThrowIfCancellationRequested();
            terms = objective.Evaluate(model, prompts, settings, deltas, nllFactor);
            losses.Add(terms.Total.Item());
            progress?.Report(new EditProgress("v* optimisation", pass + 1, settings.Steps, $"loss {losses[^1]:F4} (NLL {terms.Nll:F4}, KL {terms.Kl:F4})"));
            if (losses[^1] < ValueOptimizerSettings.StopLoss || pass == settings.Steps - 1) break;
            if (terms.TargetIsArgmax && terms.Kl <= ValueOptimizerSettings.SettledKl) break;
            if (settings.EaseNllAtArgmax) nllFactor = terms.TargetIsArgmax ? 0.1 * settings.NllFactor : settings.NllFactor;
            adam.Step(terms.Total.Backward());
            steps++;
            for (int i = 0; i < values.Length; i++) ClampNorm(values[i], settings.ClampNormFactor * objective.InitialNorms[i]);
        }

        Tensor Final(int i) => Tensor.Wrap((float[])values[i].Clone(), objective.Initials[i].Shape);
        return new ValueOptimization(objective.Initials[0], Final(0), steps, losses[^1], terms.Nll, terms.Kl, losses)
        {
            Joint = [.. settings.JointEditPoints.Select((p, i) => new JointDelta(p, objective.Initials[i + 1], Final(i + 1)))],
        };
    }

    // The projection onto the ball ‖δ‖ ≤ max, in place: δ is the optimiser's leaf, and no graph reads it between steps.
    private static void ClampNorm(float[] delta, double max)
    {
        double norm = ValueObjective.Norm(delta);
        if (norm <= max) return;
        float scale = (float)(max / norm);
        for (int i = 0; i < delta.Length; i++) delta[i] *= scale;
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

        if (!(settings.NllFactor > 0) || !double.IsFinite(settings.NllFactor)) throw new ArgumentException($"nll_loss_factor must be finite and > 0, got {settings.NllFactor}", nameof(settings));
        ArgumentNullException.ThrowIfNull(settings.JointEditPoints);
        if (settings.JointEditPoints.Prepend(settings.EditPoint).Distinct().Count() != settings.JointEditPoints.Count + 1)
        {
            throw new ArgumentException($"the edit points {string.Join(", ", settings.JointEditPoints.Prepend(settings.EditPoint))} repeat one; each point takes one delta", nameof(settings));
        }
    }
}
