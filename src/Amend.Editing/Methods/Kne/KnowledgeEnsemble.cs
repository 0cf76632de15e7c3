namespace Amend.Editing.Methods.Kne;

/// <summary>
/// A knowledge neuronal ensemble: every attributed weight element whose score is at or above one threshold shared by
/// all layers, the (1 − p) quantile of all scores. The count per layer follows the scores, not a quota.
/// </summary>
/// <param name="Threshold">The smallest score kept.</param>
/// <param name="Attributed">How many elements were scored, over all layers.</param>
/// <param name="Layers">The ensemble in each attributed layer, in layer order.</param>
public sealed record KnowledgeEnsemble(float Threshold, long Attributed, IReadOnlyList<EnsembleLayer> Layers)
{
    /// <summary>Elements in the ensemble, over all layers.</summary>
    public long Count => Layers.Sum(l => (long)l.Positions.Length);

    /// <summary>
    /// The ensemble of the top fraction <paramref name="p"/> of <paramref name="scores"/>: threshold τ = the k-th largest
    /// score with k = max(1, ⌈p·N⌉), ensemble = {score ≥ τ} (ties at τ are all kept, so it may exceed k).
    /// </summary>
    /// <exception cref="ArgumentException">No scores, or a NaN score.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside (0, 1].</exception>
    public static KnowledgeEnsemble Select(IReadOnlyList<LayerScores> scores, double p)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var values = scores.Select(s => s.Values).ToList();
        float threshold = EnsembleThreshold.Find(values, p);
        var layers = scores.Select(s => new EnsembleLayer(s.Layer, s.Weight, AtOrAbove(s.Values, threshold))).ToList();
        return new KnowledgeEnsemble(threshold, values.Sum(v => (long)v.Length), layers);
    }

    private static int[] AtOrAbove(float[] values, float threshold)
    {
        var positions = new List<int>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] >= threshold) positions.Add(i);
        }

        return [.. positions];
    }
}
