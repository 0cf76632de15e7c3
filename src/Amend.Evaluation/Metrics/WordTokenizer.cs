using System.Text.RegularExpressions;

namespace Amend.Evaluation.Metrics;

/// <summary>
/// Splits text into words the way NLTK's <c>word_tokenize</c> (Penn Treebank rules) does for the cases that
/// matter to n-gram counts: punctuation and brackets are their own tokens, clitics are split
/// ("don't" → "do", "n't"; "it's" → "it", "'s"), a comma between digits and a period inside a word
/// ("U.S.", "3.5") stay, and a period ending a word does not. It is an approximation: NLTK's sentence splitter
/// and quote rewriting (" → `` and '') are not reproduced, which changes no n-gram count except of quotes.
/// </summary>
public static partial class WordTokenizer
{
    /// <summary>The words of <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (string chunk in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (Match piece in Piece().Matches(chunk)) AddWord(piece.Value, tokens);
        }

        return tokens;
    }

    // A word loses a trailing period and then its clitic; what remains is one token.
    private static void AddWord(string word, List<string> tokens)
    {
        bool period = word.Length > 1 && word.EndsWith('.') && !word[..^1].Contains('.', StringComparison.Ordinal);
        if (period) word = word[..^1];
        var clitic = Clitic().Match(word);
        if (clitic.Success && clitic.Index > 0)
        {
            tokens.Add(word[..clitic.Index]);
            tokens.Add(clitic.Value);
        }
        else
        {
            tokens.Add(word);
        }

        if (period) tokens.Add(".");
    }

    // Runs of word characters with inner periods, apostrophes, hyphens and digit commas; or "..."/"--"; or one other symbol.
    [GeneratedRegex(@"\.\.\.|--|[\w]+(?:(?:[.'’\-]|(?<=\d),(?=\d))[\w]+)*\.?|[^\w\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Piece();

    [GeneratedRegex(@"(?i)(n't|'s|'m|'d|'ll|'re|'ve)$", RegexOptions.CultureInvariant)]
    private static partial Regex Clitic();
}
