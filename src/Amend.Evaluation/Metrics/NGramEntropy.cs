namespace Amend.Evaluation.Metrics;

/// <summary>
/// KnowEdit's fluency (<see cref="MetricProtocol.NGramEntropy"/>), as EasyEdit's <c>compute_n_gram_entropy</c>:
/// for n = 2 and 3 the entropy Hₙ = −Σ p log₂ p of the word n-gram frequencies, then the mean of
/// (2/3)·H₂ and (4/3)·H₃.
/// </summary>
public static class NGramEntropy
{
    /// <summary>The weighted n-gram entropy of <paramref name="text"/> in bits (0 for text of fewer than two words).</summary>
    public static double Of(string text)
    {
        var words = WordTokenizer.Split(text);
        return ((2.0 / 3.0 * Entropy(words, 2)) + (4.0 / 3.0 * Entropy(words, 3))) / 2;
    }

    /// <summary>Entropy in bits of the n-gram distribution of <paramref name="words"/>; 0 when there is none.</summary>
    public static double Entropy(IReadOnlyList<string> words, int n)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= words.Count; i++)
        {
            // U+0001 cannot occur inside a word, so the joined key identifies the n-gram.
            string key = string.Join('\u0001', words.Skip(i).Take(n));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        double total = counts.Values.Sum(), entropy = 0;
        foreach (int c in counts.Values) entropy -= c / total * Math.Log2(c / total);
        return entropy;
    }
}
