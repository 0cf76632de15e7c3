using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Amend.Models.Tokenizers;

/// <summary>
/// A .NET regex that sees one character per Unicode code point, as the Rust (Hugging Face) and Python
/// <c>regex</c> engines do.
/// </summary>
/// <remarks>
/// .NET matches UTF-16 code units, so a character outside the BMP is two surrogates of category Cs: "𝐀" is not
/// <c>\p{L}</c> and "😀" counts twice in <c>[^\p{L}]?</c>. Before matching, each such character is replaced by
/// one BMP stand-in of the same general category, and match positions are mapped back to the original text.
/// Texts without surrogates (the usual case) are matched directly.
/// </remarks>
internal sealed class CodePointRegex
{
    private static readonly Dictionary<UnicodeCategory, char> s_standIns = BuildStandIns();
    private readonly Regex _regex;

    // A pattern from a tokenizer file can backtrack catastrophically ("(a+)+$"); no real pre-tokenizer needs
    // more than milliseconds on a text, so a long match is stopped rather than left to hang.
    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromSeconds(10);

    public CodePointRegex(string pattern)
    {
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, s_matchTimeout);
    }

    /// <summary>The non-empty matches in <paramref name="text"/> as (start, length) in its UTF-16 indices.</summary>
    /// <exception cref="InvalidOperationException">The pattern ran past the match timeout on this text.</exception>
    public List<(int Start, int Length)> Matches(string text)
    {
        try
        {
            return MatchesWithin(text);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new InvalidOperationException($"tokenizer: the pre-tokenizer pattern {_regex} ran past {e.MatchTimeout.TotalSeconds:G3} s on a text of {text.Length} characters; it backtracks catastrophically, fix the pattern in tokenizer.json", e);
        }
    }

    private List<(int Start, int Length)> MatchesWithin(string text)
    {
        var matches = new List<(int Start, int Length)>();
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            foreach (ValueMatch m in _regex.EnumerateMatches(text))
            {
                if (m.Length > 0) matches.Add((m.Index, m.Length));
            }

            return matches;
        }

        (string shadow, int[] toOriginal) = StandInText(text);
        foreach (ValueMatch m in _regex.EnumerateMatches(shadow))
        {
            if (m.Length == 0) continue;
            int start = toOriginal[m.Index];
            matches.Add((start, toOriginal[m.Index + m.Length] - start));
        }

        return matches;
    }

    /// <summary>The text with one stand-in per supplementary character, and each stand-in index's original index.</summary>
    private static (string Shadow, int[] ToOriginal) StandInText(string text)
    {
        var shadow = new StringBuilder(text.Length);
        var toOriginal = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            toOriginal.Add(i);
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int used) == OperationStatus.Done && used == 2)
            {
                shadow.Append(s_standIns[Rune.GetUnicodeCategory(rune)]);
            }
            else
            {
                shadow.Append(text[i]);
                used = 1;
            }

            i += used;
        }

        toOriginal.Add(text.Length);
        return (shadow.ToString(), [.. toOriginal]);
    }

    /// <summary>
    /// One BMP character per general category, chosen away from ASCII and Latin-1 so that literals of
    /// pre-tokenizer patterns (contractions, spaces, newlines) cannot match a stand-in.
    /// </summary>
    private static Dictionary<UnicodeCategory, char> BuildStandIns()
    {
        char[] candidates =
        [
            '\u10A0', '\u0561', '\u01C5', '\u02B0', '\uA000', // Lu Ll Lt Lm Lo
            '\u0300', '\u0903', '\u20DD', // Mn Mc Me
            '\u0660', '\u2160', '\u2460', // Nd Nl No
            '\u2000', '\u2028', '\u2029', '\u0085', '\u2060', '\uD800', '\uE000', // Zs Zl Zp Cc Cf Cs Co
            '\u203F', '\u2010', '\u2045', '\u2046', '\u2E02', '\u2E03', '\u2042', // Pc Pd Ps Pe Pi Pf Po
            '\u2200', '\u20A0', '\u02C2', '\u2605', '\uFFFF', // Sm Sc Sk So Cn
        ];
        var standIns = new Dictionary<UnicodeCategory, char>();
        foreach (char c in candidates) standIns.Add(CharUnicodeInfo.GetUnicodeCategory(c), c);
        return standIns;
    }
}
