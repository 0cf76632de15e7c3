namespace Amend.Editing.Methods.Kne;

/// <summary>
/// The k-th largest of many float scores without sorting them: a two-pass radix select on order-preserving 32-bit
/// keys (high 16 bits, then low 16 bits within the chosen bucket). O(N) time, two 65 536-entry histograms of memory,
/// no copy of the scores, which matters for the hundreds of millions of elements of a large model's projections.
/// </summary>
public static class EnsembleThreshold
{
    private const int Buckets = 1 << 16;

    /// <summary>The threshold of the top fraction <paramref name="p"/>: the k-th largest value with k = max(1, ⌈p·N⌉).</summary>
    /// <exception cref="ArgumentException">No values, or a NaN among them.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside (0, 1].</exception>
    public static float Find(IReadOnlyList<float[]> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "the ensemble's fraction must be in (0, 1]");
        long total = values.Sum(v => (long)v.Length);
        if (total == 0) throw new ArgumentException("no scores to threshold", nameof(values));
        long k = Math.Clamp((long)Math.Ceiling(p * total), 1, total);
        return KthSmallest(values, total - k);
    }

    /// <summary>The value of 0-based ascending rank <paramref name="rank"/>.</summary>
    private static float KthSmallest(IReadOnlyList<float[]> values, long rank)
    {
        var counts = new long[Buckets];
        foreach (float[] array in values)
        {
            foreach (float v in array)
            {
                if (float.IsNaN(v)) throw new ArgumentException("a score is NaN; the attribution diverged", nameof(values));
                counts[Key(v) >> 16]++;
            }
        }

        (uint high, long within) = Locate(counts, rank);
        Array.Clear(counts);
        foreach (float[] array in values)
        {
            foreach (float v in array)
            {
                uint key = Key(v);
                if (key >> 16 == high) counts[key & 0xFFFF]++;
            }
        }

        (uint low, _) = Locate(counts, within);
        return FromKey((high << 16) | low);
    }

    // The bucket holding ascending rank `rank`, and the rank within it.
    private static (uint Bucket, long Within) Locate(long[] counts, long rank)
    {
        for (int b = 0; b < counts.Length; b++)
        {
            if (rank < counts[b]) return ((uint)b, rank);
            rank -= counts[b];
        }

        throw new UnreachableException("the histogram holds fewer values than the rank");
    }

    // IEEE-754 bits mapped so that unsigned order is float order: flip all bits of negatives, the sign bit of positives.
    private static uint Key(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    private static float FromKey(uint key) => BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);
}
