namespace Amend.World.Training;

/// <summary>
/// Packs tokenised sentences into rows of at most length + 1 tokens (inputs and shifted targets). A row starts
/// with a sentence spelled as at the start of a text and continues with whole sentences spelled after a space
/// ("A was born in B. C is ..."), so facts are learnt both at position 0 and after context. A sentence longer
/// than a row is cut.
/// </summary>
internal static class SequencePacker
{
    /// <summary>Rows for one epoch, the sentences taken in the order of <paramref name="order"/>.</summary>
    /// <param name="atStart">Token ids of each sentence as the first thing in a text.</param>
    /// <param name="afterSpace">Token ids of " " + each sentence.</param>
    /// <param name="order">A permutation of sentence indices.</param>
    /// <param name="length">Model positions per row; rows hold up to length + 1 tokens.</param>
    public static List<int[]> Pack(IReadOnlyList<int[]> atStart, IReadOnlyList<int[]> afterSpace, IReadOnlyList<int> order, int length)
    {
        var rows = new List<int[]>();
        var row = new List<int>(length + 1);
        foreach (int index in order)
        {
            int[] next = row.Count == 0 ? atStart[index] : afterSpace[index];
            if (row.Count > 0 && row.Count + next.Length > length + 1)
            {
                rows.Add([.. row]);
                row.Clear();
                next = atStart[index];
            }

            row.AddRange(next.Take(length + 1 - row.Count));
        }

        if (row.Count > 1) rows.Add([.. row]);
        return rows;
    }
}
