using System.Globalization;

namespace Amend.Evaluation.Running;

/// <summary>Part <see cref="Index"/> of <see cref="Count"/>: the cases whose index is <see cref="Index"/> modulo <see cref="Count"/>.</summary>
/// <param name="Index">0-based shard number, below <see cref="Count"/>.</param>
/// <param name="Count">Number of shards.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Parses "i/n" (0 ≤ i &lt; n), e.g. "3/8" or a Slurm "$SLURM_ARRAY_TASK_ID/8".</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">What the text came from, for the error ("--shard", a summary file's shard).</param>
    /// <exception cref="ArgumentException">Not of that form, or i outside 0..n−1.</exception>
    public static ShardSpec Parse(string text, string source = "shard")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || i >= n)
        {
            throw new ArgumentException($"{source} must be i/n with 0 ≤ i < n (e.g. 0/4), got \"{text}\"", nameof(text));
        }

        return new ShardSpec(i, n);
    }

    /// <summary>Whether the case with this index belongs to the shard.</summary>
    public bool Contains(int caseIndex) => caseIndex % Count == Index;

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
