namespace Amend.Models.Inference;

/// <summary>
/// Token ids for a forward pass: B rows of equal length T, with an optional attention mask (1 = real
/// token, 0 = padding). Rows of different lengths are left-padded by <see cref="LeftPadded"/>, as
/// generation expects.
/// </summary>
public sealed class TokenBatch
{
    /// <summary>Creates a batch from rectangular rows.</summary>
    /// <exception cref="ArgumentException">The batch is empty, rows differ in length, or the mask's shape or values are off.</exception>
    public TokenBatch(IReadOnlyList<int[]> ids, IReadOnlyList<int[]>? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0 || ids[0].Length == 0) throw new ArgumentException("a token batch needs at least one row of at least one token", nameof(ids));
        int length = ids[0].Length;
        if (ids.Any(row => row.Length != length)) throw new ArgumentException($"rows differ in length ({string.Join(", ", ids.Select(r => r.Length).Distinct())}); use TokenBatch.LeftPadded", nameof(ids));
        if (attentionMask is not null)
        {
            if (attentionMask.Count != ids.Count || attentionMask.Any(row => row.Length != length)) throw new ArgumentException($"attention mask must be {ids.Count} rows of {length}", nameof(attentionMask));
            if (attentionMask.Any(row => row.Any(v => v is not 0 and not 1))) throw new ArgumentException("attention mask values must be 0 or 1", nameof(attentionMask));
        }

        Ids = ids;
        AttentionMask = attentionMask;
    }

    /// <summary>Token ids, B rows of T.</summary>
    public IReadOnlyList<int[]> Ids { get; }

    /// <summary>1 for real tokens, 0 for padding; null when every token is real.</summary>
    public IReadOnlyList<int[]>? AttentionMask { get; }

    /// <summary>Rows (B).</summary>
    public int BatchSize => Ids.Count;

    /// <summary>Tokens per row (T).</summary>
    public int Length => Ids[0].Length;

    /// <summary>One row.</summary>
    public static TokenBatch Single(params int[] ids) => new([ids]);

    /// <summary>Left-pads rows of different lengths with <paramref name="padId"/> and masks the padding.</summary>
    public static TokenBatch LeftPadded(IReadOnlyList<int[]> rows, int padId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int length = rows.Max(r => r.Length);
        var ids = rows.Select(r => Enumerable.Repeat(padId, length - r.Length).Concat(r).ToArray()).ToList();
        var mask = rows.Select(r => Enumerable.Repeat(0, length - r.Length).Concat(Enumerable.Repeat(1, r.Length)).ToArray()).ToList();
        return new TokenBatch(ids, mask);
    }

    /// <summary>
    /// Right-pads rows of different lengths with <paramref name="padId"/> and masks the padding, as ROME's and MEMIT's
    /// batched prompts are (padding side right): each row's real tokens keep positions 0..n-1.
    /// </summary>
    public static TokenBatch RightPadded(IReadOnlyList<int[]> rows, int padId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int length = rows.Max(r => r.Length);
        var ids = rows.Select(r => r.Concat(Enumerable.Repeat(padId, length - r.Length)).ToArray()).ToList();
        var mask = rows.Select(r => Enumerable.Repeat(1, r.Length).Concat(Enumerable.Repeat(0, length - r.Length)).ToArray()).ToList();
        return new TokenBatch(ids, mask);
    }

    /// <summary>
    /// Position of each token counting real tokens only, starting at <paramref name="start"/> for the first real
    /// token of each row (padding gets position 0), as transformers' generate derives position_ids from the mask.
    /// </summary>
    public int[][] Positions(int[]? start = null)
    {
        var positions = new int[BatchSize][];
        for (int b = 0; b < BatchSize; b++)
        {
            positions[b] = new int[Length];
            int next = start?[b] ?? 0;
            for (int t = 0; t < Length; t++)
            {
                bool real = AttentionMask is null || AttentionMask[b][t] == 1;
                positions[b][t] = real ? next++ : 0;
            }
        }

        return positions;
    }
}
