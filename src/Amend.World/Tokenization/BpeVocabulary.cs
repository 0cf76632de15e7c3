namespace Amend.World.Tokenization;

/// <summary>A trained byte-level BPE: token → id, and the merges in rank order.</summary>
/// <param name="Vocab">Every token (special tokens, the 256 byte characters, then one per merge) with its id.</param>
/// <param name="Merges">Merge rules, highest priority first, as (left, right) pairs.</param>
/// <param name="EndOfText">The special token used as BOS, EOS and padding (id 0).</param>
public sealed record BpeVocabulary(IReadOnlyDictionary<string, int> Vocab, IReadOnlyList<(string Left, string Right)> Merges, string EndOfText);
