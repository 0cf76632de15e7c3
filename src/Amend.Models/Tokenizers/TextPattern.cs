namespace Amend.Models.Tokenizers;

/// <summary>
/// The <c>pattern</c> of a Hugging Face Split, Replace or Strip step: <c>{"String": "..."}</c> (a literal) or
/// <c>{"Regex": "..."}</c>.
/// </summary>
internal sealed class TextPattern
{
    private readonly string? _literal;
    private readonly CodePointRegex? _regex;

    private TextPattern(string? literal, CodePointRegex? regex)
    {
        _literal = literal;
        _regex = regex;
    }

    public static TextPattern Literal(string text) => new(text, null);

    public static TextPattern Regex(string pattern) => new(null, new CodePointRegex(pattern));

    /// <summary>The non-empty, non-overlapping matches, left to right, as (start, length).</summary>
    public List<(int Start, int Length)> Matches(string text)
    {
        if (_regex is not null) return _regex.Matches(text);
        var matches = new List<(int Start, int Length)>();
        if (_literal!.Length == 0) return matches;
        for (int i = text.IndexOf(_literal, StringComparison.Ordinal); i >= 0; i = text.IndexOf(_literal, i + _literal.Length, StringComparison.Ordinal))
        {
            matches.Add((i, _literal.Length));
        }

        return matches;
    }

    /// <summary>The text with every match replaced by <paramref name="content"/>.</summary>
    public string Replace(string text, string content)
    {
        if (_literal is not null) return _literal.Length == 0 ? text : text.Replace(_literal, content, StringComparison.Ordinal);
        var result = new System.Text.StringBuilder(text.Length);
        int last = 0;
        foreach (var (start, length) in Matches(text))
        {
            result.Append(text, last, start - last).Append(content);
            last = start + length;
        }

        return result.Append(text, last, text.Length - last).ToString();
    }
}
