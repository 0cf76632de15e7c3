namespace Amend.Models.Tokenizers;

/// <summary>
/// Applies merge rules to a word's symbols: repeatedly merge the adjacent pair with the best (lowest) priority,
/// the leftmost one on ties, until no adjacent pair has a rule.
/// </summary>
/// <remarks>
/// Symbols form a linked list over the original positions and candidate pairs wait in a priority queue keyed by
/// (priority, left position); entries made stale by an earlier merge are recognised and dropped when popped.
/// This gives the same result as rescanning the whole word after each merge (GPT-2's slow tokenizer, llama2.c's
/// run.c) in O(n log n) instead of O(n²), which matters for long words such as SentencePiece-style inputs
/// where a whole text without pre-tokenizer is one word.
/// </remarks>
internal static class BpeMerger
{
    /// <summary>Merges <paramref name="symbols"/> (token ids, left to right) and returns the resulting ids.</summary>
    public static int[] Merge(List<int> symbols, MergeRules rules)
    {
        int n = symbols.Count;
        if (n < 2 || rules.Count == 0) return [.. symbols];

        int[] ids = [.. symbols];
        var next = new int[n];
        var prev = new int[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }

        var queue = new PriorityQueue<Candidate, (float, int)>();
        for (int i = 0; i + 1 < n; i++) Offer(queue, rules, ids, i, i + 1);

        while (queue.TryDequeue(out var candidate, out _))
        {
            int left = candidate.Left, right = candidate.Right;
            bool stale = ids[left] != candidate.LeftId || next[left] != right || ids[right] != candidate.RightId;
            if (stale) continue;

            // The merged symbol keeps the left position; the right one leaves the list.
            ids[left] = candidate.Merged;
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            if (prev[left] >= 0) Offer(queue, rules, ids, prev[left], left);
            if (next[left] >= 0) Offer(queue, rules, ids, left, next[left]);
        }

        var result = new List<int>(n);
        for (int i = 0; i >= 0; i = next[i]) result.Add(ids[i]);
        return [.. result];
    }

    private static void Offer(PriorityQueue<Candidate, (float, int)> queue, MergeRules rules, int[] ids, int left, int right)
    {
        if (rules.TryGet(ids[left], ids[right], out float priority, out int merged))
        {
            queue.Enqueue(new Candidate(left, right, ids[left], ids[right], merged), (priority, left));
        }
    }

    private readonly record struct Candidate(int Left, int Right, int LeftId, int RightId, int Merged);
}
