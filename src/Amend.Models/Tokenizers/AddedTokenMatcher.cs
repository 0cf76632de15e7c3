using System.Buffers;
using System.Globalization;
using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>A piece of text to tokenize normally (<see cref="TokenId"/> = -1), or one matched added token.</summary>
/// <param name="Text">The text; empty for a token.</param>
/// <param name="TokenId">The added token's id, or -1.</param>
/// <param name="AtTextStart">The text starts the input (Metaspace's prepend scheme "first" needs it).</param>
internal readonly record struct TextSegment(string Text, int TokenId, bool AtTextStart);

/// <summary>
/// Finds added tokens in text, leftmost first and longest at a position (Hugging Face's leftmost-longest
/// Aho-Corasick), with a character trie: O(length × longest token) per text.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Node _root = new();

    /// <summary>Builds a matcher for <paramref name="tokens"/>, each matched by the given pattern text.</summary>
    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> tokens)
    {
        foreach (var (pattern, token) in tokens)
        {
            if (pattern.Length == 0) continue;
            var node = _root;
            foreach (char c in pattern)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(c, out var child)) node.Children[c] = child = new Node();
                node = child;
            }

            node.Token ??= token;
        }
    }

    /// <summary>Appends the segments of <paramref name="text"/>: text between matches, and the matches.</summary>
    public void Split(string text, bool atTextStart, List<TextSegment> output)
    {
        int last = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!TryMatchAt(text, i, out int end, out var token))
            {
                i++;
                continue;
            }

            int start = i;
            i = end;
            if (token.SingleWord && !StandsAlone(text, start, end)) continue;
            if (token.LStrip) while (start > last && char.IsWhiteSpace(text[start - 1])) start--;
            if (token.RStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            if (start > last) output.Add(new TextSegment(text[last..start], -1, atTextStart && last == 0));
            output.Add(new TextSegment(string.Empty, token.Id, false));
            last = i = end;
        }

        if (last < text.Length) output.Add(new TextSegment(text[last..], -1, atTextStart && last == 0));
    }

    /// <summary>The longest token starting at <paramref name="start"/>.</summary>
    private bool TryMatchAt(string text, int start, out int end, out AddedToken token)
    {
        end = start;
        token = null!;
        var node = _root;
        for (int i = start; i < text.Length && node.Children is not null && node.Children.TryGetValue(text[i], out node); i++)
        {
            if (node.Token is not null)
            {
                token = node.Token;
                end = i + 1;
            }
        }

        return end > start;
    }

    /// <summary>Neither neighbour of [start, end) is a word character (Rust regex <c>\w</c>), read as whole code points.</summary>
    private static bool StandsAlone(string text, int start, int end) =>
        (start == 0 || !IsWordCharacter(RuneBefore(text, start))) && (end == text.Length || !IsWordCharacter(RuneAt(text, end)));

    // A lone surrogate is no word character, as U+FFFD is not.
    private static Rune RuneBefore(string text, int index) =>
        Rune.DecodeLastFromUtf16(text.AsSpan(0, index), out var rune, out _) == OperationStatus.Done ? rune : Rune.ReplacementChar;

    private static Rune RuneAt(string text, int index) =>
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == OperationStatus.Done ? rune : Rune.ReplacementChar;

    // Rust regex's Unicode \w: Alphabetic, marks, decimal digits, connector punctuation and the two joiners. Alphabetic is
    // the letters, the letter numbers (Nl) and Other_Alphabetic, whose members outside the marks are the circled and
    // squared Latin letters (symbols, So).
    private static bool IsWordCharacter(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => r.Value is 0x200C or 0x200D or (>= 0x24B6 and <= 0x24E9) or (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189),
    };

    private sealed class Node
    {
        public Dictionary<char, Node>? Children { get; set; }

        public AddedToken? Token { get; set; }
    }
}
