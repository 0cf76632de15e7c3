namespace Amend.Models.Tokenizers;

/// <summary>
/// The pair merges of a BPE vocabulary: (left id, right id) → (priority, merged id), lower priority first.
/// Hugging Face BPE uses the merge's rank in the merges list; SentencePiece (llama2.c) uses minus the merged
/// piece's score, so "highest score first" and "lowest rank first" are the same loop.
/// </summary>
internal sealed class MergeRules
{
    // Keyed by the id pair as a tuple: its hash mixes both ids, whereas a packed long hashes to left ^ right,
    // which collides massively for ids below 2^16 and made lookups ~50x slower.
    private readonly Dictionary<(int Left, int Right), (float Priority, int Merged)> _rules = [];

    /// <summary>Number of rules.</summary>
    public int Count => _rules.Count;

    /// <summary>Adds a rule unless the pair already has one (the first, best-ranked rule wins).</summary>
    public void TryAdd(int left, int right, float priority, int merged) => _rules.TryAdd((left, right), (priority, merged));

    /// <summary>
    /// Adds Hugging Face merge number <paramref name="rank"/>, "left right" → left + right (without the right
    /// token's continuing-subword prefix); each of the three must be a vocabulary entry. A pair listed again takes
    /// its later rank, as both Hugging Face readers do (tokenizers collects the merges into a map, GPT2Tokenizer into
    /// a dict, so the last entry overwrites the earlier ones).
    /// </summary>
    public void AddRanked(IReadOnlyDictionary<string, int> vocab, string left, string right, int rank, string prefix, Func<string, Exception> error)
    {
        string merged = left + (prefix.Length > 0 && right.StartsWith(prefix, StringComparison.Ordinal) ? right[prefix.Length..] : right);
        _rules[(Id(left), Id(right))] = (rank, Id(merged));

        int Id(string token) => vocab.TryGetValue(token, out int id) ? id : throw error($"\"{token}\" is not in the vocabulary");
    }

    /// <summary>Looks up the rule for the adjacent pair (left, right).</summary>
    public bool TryGet(int left, int right, out float priority, out int merged)
    {
        bool found = _rules.TryGetValue((left, right), out var rule);
        (priority, merged) = rule;
        return found;
    }
}
