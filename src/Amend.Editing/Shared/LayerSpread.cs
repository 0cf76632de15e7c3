using Amend.Models.Architectures;
using Amend.Models.Hooks;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>
/// MEMIT's spread of an edit over several layers (its <c>execute_memit</c> loop), shared by MEMIT, AlphaEdit and PMET:
/// for each edited layer i of L in order, read the keys K (<see cref="LayerKeys"/>) and the current output Z_current
/// of the target point at the last edited layer (MEMIT: the block, PMET: the MLP) at the subjects, give the layer its
/// share R = (Z − Z_current)/(L − i) (or /√(L − i), <see cref="ResidualShare"/>) of the remaining residual, let the
/// method solve ΔW from (K, R), and put ΔW in place (temporarily, <see cref="WeightOverlay"/>) before the next layer's
/// keys are read. The model is left exactly as it was; the caller commits the returned deltas.
/// </summary>
public static class LayerSpread
{
    /// <summary>Runs the loop and returns one delta per layer in the weight's own layout.</summary>
    /// <param name="model">The model; its weights are restored before returning, also on failure.</param>
    /// <param name="method">The method's name, for error messages.</param>
    /// <param name="requests">The n requests.</param>
    /// <param name="layers">The edited layers, in order; the last one is where <paramref name="targets"/> live.</param>
    /// <param name="rewriteTemplate">The rewritten module, e.g. "transformer.h.{}.mlp.c_proj".</param>
    /// <param name="contextTemplates">The context templates of the keys.</param>
    /// <param name="which">The token keys and values are read at.</param>
    /// <param name="targets">Z (d_out, n), from <see cref="TargetValues"/>.</param>
    /// <param name="solve">The method's solve: ΔW (d_out, d_in) for one <see cref="LayerStep"/>.</param>
    /// <param name="diagnostics">Receives per layer "layer{l}.z_error" (mean ‖Z − Z_current‖ over requests) and "layer{l}.delta_norm" (‖ΔW‖_F).</param>
    /// <param name="targetPoint">Where Z lives; the last edited block's output (MEMIT) when null.</param>
    /// <param name="share">Each layer's share of the remaining residual.</param>
    /// <exception cref="EditFailedException">A solve gave a wrongly shaped or non-finite ΔW.</exception>
    public static IReadOnlyList<ParameterDelta> Run(EditableModel model, string method, IReadOnlyList<EditRequest> requests, IReadOnlyList<int> layers,
        string rewriteTemplate, IReadOnlyList<string> contextTemplates, FactToken which, Matrix64 targets, Func<LayerStep, Matrix64> solve, IDictionary<string, double> diagnostics,
        HookPoint? targetPoint = null, ResidualShare share = ResidualShare.Remaining)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(solve);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var architecture = model.Model.Architecture;
        var role = architecture.Resolve(rewriteTemplate).Role;
        var prompts = requests.Select(r => r.Template).ToList();
        var subjects = requests.Select(r => r.Subject).ToList();
        var zPoint = targetPoint ?? HookPoint.Block(layers[^1]);
        var deltas = new List<ParameterDelta>();
        using var overlay = new WeightOverlay(model.Model, method);
        for (int i = 0; i < layers.Count; i++)
        {
            var keys = LayerKeys.Compute(model, new HookPoint(role, layers[i]), requests, contextTemplates, which);
            var current = Matrix64.FromTensor(KeyCollector.Collect(model, zPoint, prompts, subjects, which).Values).Transpose();
            var missing = targets.Add(current, -1);
            diagnostics[$"layer{layers[i]}.z_error"] = MeanColumnNorm(missing);
            double divisor = share == ResidualShare.SquareRootOfRemaining ? Math.Sqrt(layers.Count - i) : layers.Count - i;
            var residuals = new Matrix64(missing.Rows, missing.Cols, [.. missing.Data.Select(v => v / divisor)]);
            var step = new LayerStep(i, layers[i], keys, residuals);
            var update = SolveFailures.Run(method, $"layer {layers[i]}", () => solve(step));
            if (update.Rows != residuals.Rows || update.Cols != keys.Rows)
            {
                throw new EditFailedException(method, $"layer {layers[i]}: the solve gave a {update.Rows}×{update.Cols} update, expected {residuals.Rows}×{keys.Rows}");
            }

            diagnostics[$"layer{layers[i]}.delta_norm"] = update.FrobeniusNorm();
            var delta = new ParameterDelta(architecture.ModuleName(role, layers[i]) + ".weight", InLayout(update, architecture.ProjectionLayout));
            overlay.Add(delta.Name, delta.Delta);
            deltas.Add(delta);
        }

        return deltas;
    }

    // ΔW is solved as (out, in); GPT-2's Conv1D stores (in, out).
    private static Tensor InLayout(Matrix64 update, WeightLayout layout) =>
        (layout == WeightLayout.InByOut ? update.Transpose() : update).ToTensor();

    private static double MeanColumnNorm(Matrix64 m)
    {
        double total = 0;
        for (int j = 0; j < m.Cols; j++)
        {
            double sum = 0;
            for (int i = 0; i < m.Rows; i++) sum += m[i, j] * m[i, j];
            total += Math.Sqrt(sum);
        }

        return total / m.Cols;
    }
}
