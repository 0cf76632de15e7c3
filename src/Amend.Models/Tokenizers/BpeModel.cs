using System.Collections.Concurrent;
using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>How a BPE model spells a word before merging, as Hugging Face's <c>models::bpe::BPE</c> configures it.</summary>
/// <param name="UnkId">Id for a character that has no token (and no byte-fallback spelling); null drops the character like Hugging Face.</param>
/// <param name="FuseUnk">Collapse consecutive unknown characters into one UNK.</param>
/// <param name="ByteFallback">Spell an unknown character as its UTF-8 bytes with the tokens "&lt;0x00&gt;".."&lt;0xFF&gt;".</param>
/// <param name="IgnoreMerges">Emit a word that is itself a vocabulary entry directly, without merging (Llama-3).</param>
/// <param name="ContinuingSubwordPrefix">Prefix of every non-initial character's token ("" for none).</param>
/// <param name="EndOfWordSuffix">Suffix of the final character's token ("" for none).</param>
internal sealed record BpeOptions(
    int? UnkId, bool FuseUnk, bool ByteFallback, bool IgnoreMerges, string ContinuingSubwordPrefix, string EndOfWordSuffix);

/// <summary>A BPE vocabulary with its merges: encodes one pre-tokenized word into token ids.</summary>
internal sealed class BpeModel
{
    // Hugging Face caches words up to this length, in at most this many entries; longer words are rare and
    // would make the cache a memory leak for adversarial input.
    private const int MaxCachedWordLength = 256;
    private const int CacheCapacity = 10_000;

    private readonly IReadOnlyDictionary<string, int> _vocab;
    private readonly MergeRules _merges;
    private readonly BpeOptions _options;
    private readonly int[]? _byteIds;
    private readonly ConcurrentDictionary<string, int[]> _cache = new();
    private int _cacheSize; // ConcurrentDictionary.Count takes every lock, so the size is counted here

    public BpeModel(IReadOnlyDictionary<string, int> vocab, MergeRules merges, BpeOptions options)
    {
        _vocab = vocab;
        _merges = merges;
        _options = options;
        _byteIds = options.ByteFallback ? ByteTokenIds(vocab) : null;
    }

    /// <summary>Token ids of the vocabulary, by token.</summary>
    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void Encode(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (_options.IgnoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }

        if (_cache.TryGetValue(word, out int[]? cached))
        {
            output.AddRange(cached);
            return;
        }

        int[] ids = BpeMerger.Merge(InitialSymbols(word), _merges);
        if (word.Length <= MaxCachedWordLength && Volatile.Read(ref _cacheSize) < CacheCapacity && _cache.TryAdd(word, ids))
        {
            Interlocked.Increment(ref _cacheSize);
        }

        output.AddRange(ids);
    }

    /// <summary>One symbol per character (code point), with byte fallback or UNK for characters without a token.</summary>
    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        bool previousWasUnk = false;
        int index = 0;
        foreach (Rune rune in word.EnumerateRunes())
        {
            bool isFirst = index == 0;
            index += rune.Utf16SequenceLength;
            bool isLast = index == word.Length;
            string text = rune.ToString();
            if (!isFirst) text = _options.ContinuingSubwordPrefix + text;
            if (isLast) text += _options.EndOfWordSuffix;

            if (_vocab.TryGetValue(text, out int id))
            {
                symbols.Add(id);
                previousWasUnk = false;
            }
            else if (TryAddBytes(rune, symbols))
            {
                previousWasUnk = false;
            }
            else if (_options.UnkId is int unk)
            {
                if (!(_options.FuseUnk && previousWasUnk)) symbols.Add(unk);
                previousWasUnk = true;
            }
        }

        return symbols;
    }

    /// <summary>Spells <paramref name="rune"/> with byte tokens when byte fallback is on and all its bytes have one.</summary>
    private bool TryAddBytes(Rune rune, List<int> symbols)
    {
        if (_byteIds is null) return false;
        Span<byte> utf8 = stackalloc byte[4];
        int count = rune.EncodeToUtf8(utf8);
        foreach (byte b in utf8[..count])
        {
            if (_byteIds[b] < 0) return false;
        }

        foreach (byte b in utf8[..count]) symbols.Add(_byteIds[b]);
        return true;
    }

    /// <summary>The ids of "&lt;0x00&gt;".."&lt;0xFF&gt;", -1 where the vocabulary lacks one.</summary>
    private static int[] ByteTokenIds(IReadOnlyDictionary<string, int> vocab)
    {
        var ids = new int[256];
        for (int b = 0; b < 256; b++) ids[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        return ids;
    }
}
