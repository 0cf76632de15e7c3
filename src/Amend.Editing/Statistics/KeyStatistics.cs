using Amend.Tensors.Linalg;

namespace Amend.Editing.Statistics;

/// <summary>
/// The uncentred second moment C = E[k kᵀ] of the keys entering a layer's MLP output projection, over a text corpus:
/// what ROME (mom2_adjustment), MEMIT and AlphaEdit use to spread an edit where keys rarely go.
/// </summary>
/// <param name="Layer">The block index.</param>
/// <param name="SecondMoment">C, d × d, float64 (d = the projection's input width).</param>
/// <param name="Count">How many key vectors the mean is over.</param>
/// <param name="Source">Where it came from (a cache file, an .npz, a covariance file), for messages and reports.</param>
public sealed record KeyStatistics(int Layer, Matrix64 SecondMoment, long Count, string Source)
{
    /// <summary>The key width d.</summary>
    public int Dimension => SecondMoment.Rows;
}
