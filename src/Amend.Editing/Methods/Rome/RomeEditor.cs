using Amend.Editing.Hyperparameters;
using Amend.Editing.Shared;
using Amend.Models.Hooks;

namespace Amend.Editing.Methods.Rome;

/// <summary>
/// ROME (Meng et al. 2022) and, with <see cref="RRomeHyperparameters"/>, R-ROME: a rank-one change of one MLP output
/// projection so that the subject's key maps to a value that makes the model say the new target.
/// Steps: key k* (<see cref="KeyCollector"/> over <see cref="ContextTemplates"/>) → left vector u → v*
/// (<see cref="ValueOptimizer"/> at the MLP output) → ΔW = u·vᵀ (<see cref="RankOneUpdate"/>) → <see cref="WeightUpdate.Commit"/>.
/// </summary>
/// <remarks>Invariant: the weights are only read until the single commit, so a failed edit leaves the model bit-identical.</remarks>
public sealed class RomeEditor(RomeHyperparameters hyperparameters) : IEditor
{
    /// <inheritdoc/>
    public string Method => hyperparameters.AlgName;

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => hyperparameters;

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new EditOptions();
        request.Validate();
        var architecture = model.Model.Architecture;
        HyperparameterFile.RequireValid(hyperparameters, architecture);
        var h = hyperparameters;
        var which = FactTokens.Parse(h.FactToken);
        string template = request.Template;
        int[] targetIds = TargetIds(model, request);
        var timer = new PhaseTimer();
        var contexts = timer.Time("templates", () => ContextTemplates.For(model, h.ContextTemplateLengthParams, options));
        var keyPoint = new HookPoint(architecture.Resolve(h.RewriteModuleTmp).Role, h.Layer);

        // k* and u: the subject's key after each context template (ROME), or in the bare prompt.
        var (templated, bare, u) = timer.Time("keys", () =>
        {
            var templated = KeyCollector.Collect(model, keyPoint, [.. contexts.Select(c => c.Replace("{}", template, StringComparison.Ordinal))], request.Subject, which);
            var bare = KeyCollector.Collect(model, keyPoint, [template], request.Subject, which);
            return (templated, bare, SolveFailures.Run(Method, "left vector", () => LeftVector.Compute(model, h, h.KeysFromTemplates ? templated.MeanKey() : bare.Key(0), options)));
        });

        // v*: the MLP output at the subject that makes the target likely.
        var settings = new ValueOptimizerSettings(new HookPoint(architecture.Resolve(h.MlpModuleTmp).Role, h.Layer), architecture.NumLayers - 1, h.VNumGradSteps, h.VLr, h.VWeightDecay, h.ClampNormFactor, h.KlFactor);
        var z = timer.Time("v_optimisation", () => ValueOptimizer.Optimize(model.Model, RewritingPrompts.Build(model, template, request.Subject, targetIds, contexts, which), settings, options.Progress, options.Cancellation));

        // The key and current value the update is solved for, and v* = v₀ + δ (R-ROME) or value + δ (ROME).
        var (key, value, target) = h.ValueFromTemplates
            ? (templated.MeanKey(), templated.MeanValue(), z.Target)
            : (bare.Key(0), bare.Value(0), bare.Value(0).Add(z.Delta));
        var (delta, diagnostics) = timer.Time("update", () =>
        {
            var right = SolveFailures.Run(Method, "right vector", () => RankOneUpdate.RightVector(target, value, key, u));
            var delta = new ParameterDelta(architecture.ModuleName(keyPoint.Role, h.Layer) + ".weight", RankOneUpdate.Matrix(u, right, architecture.ProjectionLayout));
            return (delta, Diagnostics(z, RankOneUpdate.DivisionFactor(key, u), right));
        });
        return WeightUpdate.Commit(model.Model, Method, h, [request], [delta], timer.AddTo(diagnostics));
    }

    // EasyEdit prepends a space so the target is tokenised as a continuation word (unless the target is a lone space).
    private static int[] TargetIds(EditableModel model, EditRequest request)
    {
        string text = request.TargetNew == " " ? request.TargetNew : " " + request.TargetNew;
        int[] ids = model.EncodeContinuation(text);
        return ids.Length > 0 ? ids : throw new EditRequestException("target_new", $"\"{request.TargetNew}\" has no tokens");
    }

    private static Dictionary<string, double> Diagnostics(ValueOptimization z, double divisionFactor, Tensor right)
    {
        double Norm(Tensor t) => Math.Sqrt(t.ToArray().Sum(v => (double)v * v));
        return new Dictionary<string, double>
        {
            ["v_steps"] = z.Steps,
            ["v_loss"] = z.Loss,
            ["v_nll"] = z.Nll,
            ["v_kl"] = z.Kl,
            ["v_delta_norm"] = Norm(z.Delta),
            ["v_initial_norm"] = Norm(z.Initial),
            ["division_factor"] = divisionFactor,
            ["right_vector_norm"] = Norm(right),
        };
    }
}
