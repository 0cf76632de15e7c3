using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>
/// AlphaEdit's projector onto the (approximate) null space of the preserved keys: with C = E[k kᵀ] over a corpus,
/// P = Σ v_j·v_jᵀ over C's eigenvectors whose eigenvalue is below the threshold (EasyEdit's <c>get_project</c> takes
/// C's singular vectors with singular value below nullspace_threshold; C is symmetric positive semidefinite, so these
/// are the same vectors). An update ΔW·P leaves W·k unchanged for every k in the span of the large-eigenvalue directions.
/// </summary>
public static class NullSpaceProjector
{
    /// <summary>P (d, d) for <paramref name="statistics"/>, and how many directions it keeps (its rank).</summary>
    /// <exception cref="ArgumentException">The threshold is not finite and positive, or C is not symmetric or holds NaN/∞.</exception>
    public static (Matrix64 Projector, int Rank) Compute(KeyStatistics statistics, double threshold)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (!(threshold > 0) || !double.IsFinite(threshold)) throw new ArgumentException($"NullSpaceProjector: nullspace_threshold must be finite and > 0, got {threshold}", nameof(threshold));
        return SymmetricEigen.ProjectorBelow(statistics.SecondMoment, threshold);
    }
}
