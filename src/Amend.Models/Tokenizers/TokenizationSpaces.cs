namespace Amend.Models.Tokenizers;

/// <summary>
/// <c>transformers</c>' <c>clean_up_tokenization_spaces</c>: removes the space that word-level decoding leaves
/// before punctuation and English contractions. Lossy ("a ." becomes "a."), hence optional.
/// </summary>
internal static class TokenizationSpaces
{
    // The same replacements, in the same order, as transformers' clean_up_tokenization.
    private static readonly (string From, string To)[] s_replacements =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    public static string CleanUp(string text)
    {
        foreach (var (from, to) in s_replacements) text = text.Replace(from, to, StringComparison.Ordinal);
        return text;
    }
}
