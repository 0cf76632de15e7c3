using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Methods.Rome;

/// <summary>ROME's left vector u = k / ‖k‖, or with the second-moment adjustment u = C⁻¹k / ‖C⁻¹k‖ (compute_u).</summary>
internal static class LeftVector
{
    /// <summary>u for key <paramref name="key"/> (d); statistics come from <paramref name="options"/> when the adjustment is on.</summary>
    /// <exception cref="InvalidOperationException">The adjustment is on and no statistics source was given.</exception>
    /// <exception cref="EditFailedException">The statistics do not match the key's width.</exception>
    public static Tensor Compute(EditableModel model, RomeHyperparameters hyperparameters, Tensor key, EditOptions options)
    {
        double[] k = [.. key.ToArray().Select(v => (double)v)];
        if (hyperparameters.Mom2Adjustment) k = Adjust(model, hyperparameters, k, options);
        double norm = Math.Sqrt(k.Sum(v => v * v));
        if (!(norm > 0) || !double.IsFinite(norm)) throw new EditFailedException(hyperparameters.AlgName, $"the left vector has norm {norm}; the subject's key is zero or the statistics are degenerate");
        return Tensor.Wrap([.. k.Select(v => (float)(v / norm))], key.Shape);
    }

    // C⁻¹k through a Cholesky solve (float64); a singular C gets the smallest ridge that makes it positive definite.
    private static double[] Adjust(EditableModel model, RomeHyperparameters h, double[] k, EditOptions options)
    {
        var source = options.Statistics ?? throw new InvalidOperationException(
            $"{h.AlgName} with mom2_adjustment: true needs key statistics for layer {h.Layer} ({h.Mom2Dataset}, {h.Mom2NSamples} samples): {SecondMoments.HowToProvide}");
        var statistics = source.Get(model, h.Layer, new StatisticsRequest(h.Mom2Dataset, h.Mom2NSamples, h.Mom2Dtype));
        if (statistics.Dimension != k.Length) throw new EditFailedException(h.AlgName, $"the statistics from {statistics.Source} are {statistics.Dimension}-dimensional but layer {h.Layer}'s keys have {k.Length} entries");
        var factor = Cholesky.FactorRegularized(statistics.SecondMoment);
        if (factor.Warning is { } warning) options.Warnings?.Add($"{h.AlgName}: second moment of layer {h.Layer} ({statistics.Source}): {warning}");
        return factor.Factorization.Solve(k);
    }
}
