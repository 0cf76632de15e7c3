using Amend.Editing.Hyperparameters;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Models.Architectures;
using Amend.Models.Hooks;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Methods.Memit;

/// <summary>The steps MEMIT, AlphaEdit and PMET share: request and hyperparameter checks, templates, z, the solve, the whole edit.</summary>
internal static class MemitSteps
{
    /// <summary>Checks every request (naming its index) and the hyperparameters, and picks the context templates.</summary>
    /// <exception cref="EditRequestException">A request is invalid.</exception>
    /// <exception cref="HyperparameterException">The hyperparameters do not fit the model.</exception>
    public static (IReadOnlyList<string> ContextTemplates, FactToken Which) Prepare(EditableModel model, MemitHyperparameters h, IReadOnlyList<EditRequest> requests, EditOptions options)
    {
        EditRequest.ValidateBatch(requests, h.AlgName);

        HyperparameterFile.RequireValid(h, model.Model.Architecture);
        // EasyEdit's MEMIT, AlphaEdit and PMET write a space for each brace of a generated text; ROME drops them.
        return (ContextTemplates.For(model, h.ContextTemplateLengthParams, options, braces: " "), FactTokens.Parse(h.FactToken));
    }

    /// <summary>
    /// A whole MEMIT-style edit, for MEMIT and PMET (which differ in the z search and the residual share): checks and
    /// templates, statistics, z per request with <paramref name="zSearch"/>'s settings, then <see cref="LayerSpread"/>
    /// towards z at the search's edit point with <see cref="Solver"/> at each layer, and one <see cref="WeightUpdate.Commit"/>.
    /// </summary>
    /// <param name="model">The model; changed only by the final commit.</param>
    /// <param name="h">The hyperparameters.</param>
    /// <param name="requests">The requests, written as one batch.</param>
    /// <param name="options">Statistics, templates, progress and warnings.</param>
    /// <param name="zSearch">The z search for the (validated) hyperparameters on this architecture.</param>
    /// <param name="share">Each layer's share of the remaining residual.</param>
    public static EditResult Edit(EditableModel model, MemitHyperparameters h, IReadOnlyList<EditRequest> requests, EditOptions? options,
        Func<ModelArchitecture, ValueOptimizerSettings> zSearch, ResidualShare share)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EditOptions();
        var timer = new PhaseTimer();
        var (contexts, which) = timer.Time("templates", () => Prepare(model, h, requests, options));
        var moments = timer.Time("statistics", () => SecondMoments.For(model, h.AlgName, h.Layers, h.RewriteModuleTmp, new StatisticsRequest(h.Mom2Dataset, h.Mom2NSamples, h.Mom2Dtype), options));
        var settings = zSearch(model.Model.Architecture);
        var (targets, runs) = timer.Time("z_optimisation", () => TargetValues.Compute(model, requests, contexts, which, settings, options.Progress, options.Cancellation));
        var diagnostics = Diagnostics(runs);
        var solve = Solver(h.AlgName, moments, h.Mom2UpdateWeight, options);
        var deltas = timer.Time("keys_and_solves", () => LayerSpread.Run(model, h.AlgName, requests, h.Layers, h.RewriteModuleTmp, contexts, which, targets, solve, diagnostics, settings.EditPoint, share));
        timer.AddTo(diagnostics);
        return WeightUpdate.Commit(model.Model, h.AlgName, h, requests, deltas, diagnostics);
    }

    /// <summary>MEMIT's z search: δ at the last edited block's output, loss at block max(v_loss_layer, last layer).</summary>
    public static ValueOptimizerSettings ZSettings(MemitHyperparameters h) =>
        new(HookPoint.Block(h.ZLayer), Math.Max(h.VLossLayer, h.ZLayer), h.VNumGradSteps, h.VLr, h.VWeightDecay, h.ClampNormFactor, h.KlFactor);

    /// <summary>Z (d, n): each request's z at the last edited block's output (<see cref="TargetValues"/>).</summary>
    public static (Matrix64 Targets, IReadOnlyList<ValueOptimization> Runs) Targets(EditableModel model, MemitHyperparameters h, IReadOnlyList<EditRequest> requests,
        IReadOnlyList<string> contextTemplates, FactToken which, EditOptions options) =>
        TargetValues.Compute(model, requests, contextTemplates, which, ZSettings(h), options.Progress, options.Cancellation);

    /// <summary>
    /// The z searches' numbers, averaged over requests: z_loss, z_nll, z_steps, z_delta_norm, and for each joint edit
    /// point (PMET's attention output) z_{role}_delta_norm, e.g. z_attention_delta_norm.
    /// </summary>
    public static Dictionary<string, double> Diagnostics(IReadOnlyList<ValueOptimization> runs)
    {
        static double Norm(Tensor t) => Math.Sqrt(t.ToArray().Sum(v => (double)v * v));
        var diagnostics = new Dictionary<string, double>
        {
            ["requests"] = runs.Count,
            ["z_loss"] = runs.Average(r => r.Loss),
            ["z_nll"] = runs.Average(r => r.Nll),
            ["z_steps"] = runs.Average(r => r.Steps),
            ["z_delta_norm"] = runs.Average(r => Norm(r.Delta)),
        };
        for (int k = 0; k < runs[0].Joint.Count; k++)
        {
            diagnostics[$"z_{runs[0].Joint[k].Point.Role.ToString().ToLowerInvariant()}_delta_norm"] = runs.Average(r => Norm(r.Joint[k].Delta));
        }

        return diagnostics;
    }

    /// <summary>
    /// MEMIT's solve at one layer (<see cref="LeastSquares"/>): ΔW = R·[(λ·C + K·Kᵀ)⁻¹·K]ᵀ with C the layer's entry of
    /// <paramref name="moments"/> and λ = mom2_update_weight; a regularised system is reported to options.Warnings.
    /// </summary>
    public static Func<LayerStep, Matrix64> Solver(string method, IReadOnlyList<KeyStatistics> moments, double weight, EditOptions options) => step =>
    {
        var warnings = new List<string>();
        var adjusted = LeastSquares.AdjustedKeys(moments[step.Index].SecondMoment, weight, step.Keys, warnings);
        foreach (string w in warnings) options.Warnings?.Add($"{method}: layer {step.Layer} ({moments[step.Index].Source}): {w}");
        return LeastSquares.Update(step.Residuals, adjusted);
    };
}
