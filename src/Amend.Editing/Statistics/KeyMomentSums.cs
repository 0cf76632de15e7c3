using Amend.Tensors.Linalg;

namespace Amend.Editing.Statistics;

/// <summary>
/// The running state of a statistics run: Σ k kᵀ per layer in float64 (upper block triangle only, see
/// <see cref="SymmetricRankK"/>), the number of keys, and how far into the corpus the run got. Saved as is
/// for resuming, so a resumed run continues from bit-identical sums.
/// </summary>
internal sealed class KeyMomentSums
{
    public KeyMomentSums(IReadOnlyList<int> layers, IReadOnlyList<Matrix64> sums)
    {
        Layers = layers;
        Sums = sums;
    }

    /// <summary>The block indices, in the order of <see cref="Sums"/>.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Σ k kᵀ per layer, d × d; only the upper block triangle is maintained.</summary>
    public IReadOnlyList<Matrix64> Sums { get; }

    /// <summary>Key vectors (real tokens) added, the same for every layer.</summary>
    public long Count { get; set; }

    /// <summary>Corpus rows read past (selected or not): where a resumed run continues.</summary>
    public int RowsConsumed { get; set; }

    /// <summary>Selected rows processed.</summary>
    public int RowsDone { get; set; }

    /// <summary>Zero sums for layers whose keys have the given widths.</summary>
    public static KeyMomentSums Empty(IReadOnlyList<int> layers, IReadOnlyList<int> widths) =>
        new(layers, [.. widths.Select(d => new Matrix64(d, d))]);

    /// <summary>
    /// C = Σ k kᵀ / count for layer entry <paramref name="index"/>, computed in place: that layer's sum becomes the
    /// moment and must not be used as a sum again. No copy is made, since a layer of a large model is gigabytes
    /// (14336 keys wide: 1.6 GB each, five layers for MEMIT).
    /// </summary>
    /// <exception cref="InvalidOperationException">No key was counted.</exception>
    public KeyStatistics TakeStatistics(int index, string source)
    {
        if (Count == 0) throw new InvalidOperationException($"no tokens were counted for layer {Layers[index]} ({source}): the selected corpus rows are all empty");
        var moment = Sums[index];
        SymmetricRankK.MirrorUpper(moment);
        double scale = 1.0 / Count;
        var data = moment.Data;
        for (int i = 0; i < data.Length; i++) data[i] *= scale;
        return new KeyStatistics(Layers[index], moment, Count, source);
    }
}
