namespace Amend.World.Tokenization;

/// <summary>
/// Trains a byte-level BPE vocabulary (Sennrich et al. 2016, GPT-2 variant): starting from the 256 byte
/// characters, repeatedly merge the most frequent adjacent pair within pre-tokens. Ties go to the pair
/// whose "left right" text sorts first (ordinal), so training is deterministic.
/// </summary>
public static class BpeTrainer
{
    /// <summary>The end-of-text token, GPT-2's spelling.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>The smallest vocabulary: the end-of-text token and the 256 bytes.</summary>
    public const int MinVocabSize = 257;

    /// <summary>Trains on <paramref name="texts"/> until the vocabulary has <paramref name="vocabSize"/> tokens or no pair occurs twice.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="vocabSize"/> is below 257 (one special token and 256 bytes).</exception>
    public static BpeVocabulary Train(IEnumerable<string> texts, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (vocabSize < MinVocabSize) throw new ArgumentOutOfRangeException(nameof(vocabSize), $"BPE: vocab size must be at least {MinVocabSize} (special token + 256 bytes), got {vocabSize}");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal) { [EndOfText] = 0 };
        foreach (char c in ByteLevelText.Alphabet) vocab[c.ToString()] = vocab.Count;
        var words = CountWords(texts);
        var merges = new List<(string, string)>();
        while (vocab.Count < vocabSize && BestPair(words) is (string left, string right))
        {
            merges.Add((left, right));
            vocab[left + right] = vocab.Count;
            foreach (var word in words) Merge(word.Symbols, left, right);
        }

        return new BpeVocabulary(vocab, merges, EndOfText);
    }

    private static List<Word> CountWords(IEnumerable<string> texts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            foreach (string piece in ByteLevelText.PreTokens(text)) counts[piece] = counts.GetValueOrDefault(piece) + 1;
        }

        return [.. counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new Word([.. p.Key.Select(c => c.ToString())], p.Value))];
    }

    private static (string, string)? BestPair(List<Word> words)
    {
        var pairs = new Dictionary<(string, string), int>();
        foreach (var word in words)
        {
            for (int i = 0; i + 1 < word.Symbols.Count; i++)
            {
                var pair = (word.Symbols[i], word.Symbols[i + 1]);
                pairs[pair] = pairs.GetValueOrDefault(pair) + word.Count;
            }
        }

        (string, string)? best = null;
        int bestCount = 1;
        foreach (var (pair, count) in pairs)
        {
            if (count > bestCount || (count == bestCount && best is { } b && Compare(pair, b) < 0))
            {
                (best, bestCount) = (pair, count);
            }
        }

        return best;
    }

    private static int Compare((string Left, string Right) a, (string Left, string Right) b) =>
        string.CompareOrdinal(a.Left + " " + a.Right, b.Left + " " + b.Right);

    private static void Merge(List<string> symbols, string left, string right)
    {
        for (int i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                symbols[i] = left + right;
                symbols.RemoveAt(i + 1);
            }
        }
    }

    private sealed record Word(List<string> Symbols, int Count);
}
