using System.Security.Cryptography;

namespace Amend.Editing.Statistics;

/// <summary>
/// Which rows of a corpus statistics are computed over: all of them, EasyEdit's fixed random sample, or an
/// explicit list of row indices. Rows are always read in file order; the selection only says which count.
/// </summary>
public sealed class RowSelection
{
    private readonly int? _samples;
    private readonly int[]? _indices;

    private RowSelection(int? samples, int[]? indices, string key)
    {
        (_samples, _indices, Key) = (samples, indices, key);
    }

    /// <summary>Every row.</summary>
    public static RowSelection All { get; } = new(null, null, "all");

    /// <summary>
    /// What the selection means, for cache keys and messages: "all", "easyedit-sample:1000", or
    /// "rows:&lt;SHA-256 of the sorted indices&gt;".
    /// </summary>
    public string Key { get; }

    /// <summary>
    /// The first <paramref name="samples"/> rows of EasyEdit's <c>FixedRandomSubsetSampler</c>: row indices
    /// 0..n-1 shuffled by Python's <c>random.Random(1).shuffle</c> (reproduced exactly). More samples than rows selects every row, as EasyEdit does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is not positive.</exception>
    public static RowSelection EasyEditSample(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        return new RowSelection(samples, null, $"easyedit-sample:{samples}");
    }

    /// <summary>Exactly the rows at <paramref name="indices"/> (0-based; duplicates count once).</summary>
    /// <exception cref="ArgumentException">The list is empty or holds a negative index.</exception>
    public static RowSelection Explicit(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int[] sorted = [.. indices.Distinct().Order()];
        if (sorted.Length == 0) throw new ArgumentException("an explicit row selection needs at least one index", nameof(indices));
        if (sorted[0] < 0) throw new ArgumentException($"row index {sorted[0]} is negative", nameof(indices));
        byte[] hash = SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sorted.AsSpan()));
        return new RowSelection(null, sorted, "rows:" + Convert.ToHexStringLower(hash));
    }

    /// <summary>The selected row indices of a corpus of <paramref name="rowCount"/> rows, in the sampler's order (EasyEdit's shuffle order, else ascending).</summary>
    /// <exception cref="ArgumentException">An explicit index is not below <paramref name="rowCount"/>.</exception>
    public IReadOnlyList<int> Indices(int rowCount)
    {
        if (_indices is not null)
        {
            if (_indices[^1] >= rowCount) throw new ArgumentException($"row index {_indices[^1]} is out of range: the corpus has {rowCount} rows");
            return _indices;
        }

        var all = Enumerable.Range(0, rowCount).ToList();
        if (_samples is not int samples) return all;
        new PythonRandom(1).Shuffle(all);
        return all.GetRange(0, Math.Min(samples, rowCount));
    }

    /// <summary>Whether each of <paramref name="rowCount"/> rows is selected.</summary>
    public bool[] Mask(int rowCount)
    {
        var mask = new bool[rowCount];
        foreach (int index in Indices(rowCount)) mask[index] = true;
        return mask;
    }

    /// <summary>The key.</summary>
    public override string ToString() => Key;
}
