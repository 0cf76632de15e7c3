namespace Amend.Models.Tokenizers;

/// <summary>A Hugging Face pre-tokenizer: splits normalized text into the words BPE encodes one by one.</summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the words of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    /// <param name="piece">A non-empty piece of normalized text.</param>
    /// <param name="atTextStart">The piece starts the input text (Metaspace's prepend scheme "first" needs it).</param>
    /// <param name="output">Receives non-empty words.</param>
    void Split(string piece, bool atTextStart, List<string> output);
}

/// <summary>Pre-tokenizers applied in order, each to every word of the one before.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void Split(string piece, bool atTextStart, List<string> output)
    {
        var pieces = new List<string> { piece };
        foreach (var step in steps)
        {
            var next = new List<string>(pieces.Count);
            for (int i = 0; i < pieces.Count; i++) step.Split(pieces[i], atTextStart && i == 0, next);
            pieces = next;
        }

        output.AddRange(pieces);
    }
}

/// <summary>
/// GPT-2's byte-level step: optionally prepend a space, split with GPT-2's regex, then spell each word's UTF-8
/// bytes with <see cref="ByteLevelAlphabet"/>.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    /// <summary>GPT-2's split: contractions, letters, numbers, other symbols, each with at most one leading space; whitespace runs.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly TextPattern s_gpt2 = TextPattern.Regex(Gpt2Pattern);

    /// <summary>The same split, putting a space before a piece that does not start with one when <paramref name="value"/> is set.</summary>
    public ByteLevelPreTokenizer WithAddPrefixSpace(bool value) => new(value, useRegex);

    public void Split(string piece, bool atTextStart, List<string> output)
    {
        if (addPrefixSpace && !piece.StartsWith(' ')) piece = " " + piece;
        if (!useRegex)
        {
            output.Add(ByteLevelAlphabet.Encode(piece));
            return;
        }

        foreach (var (start, length) in s_gpt2.Matches(piece))
        {
            output.Add(ByteLevelAlphabet.Encode(piece.Substring(start, length)));
        }
    }
}

/// <summary>Splits on a literal or regex pattern, keeping or merging the matches as <see cref="SplitBehavior"/> says.</summary>
internal sealed class SplitPreTokenizer(TextPattern pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void Split(string piece, bool atTextStart, List<string> output) =>
        SplitBehaviors.Apply(piece, pattern.Matches(piece), behavior, invert, output);
}

/// <summary>
/// SentencePiece's whitespace handling: spaces become the replacement ("▁"), which is prepended per the prepend
/// scheme, and each word starts at a replacement character when <c>split</c> is on.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    private readonly TextPattern _marker = TextPattern.Literal(replacement.ToString());

    public void Split(string piece, bool atTextStart, List<string> output)
    {
        string text = piece.Replace(' ', replacement);
        bool prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && atTextStart);
        if (prepend && !text.StartsWith(replacement)) text = replacement + text;
        if (!split)
        {
            output.Add(text);
            return;
        }

        SplitBehaviors.Apply(text, _marker.Matches(text), SplitBehavior.MergedWithNext, invert: false, output);
    }
}

/// <summary>When Metaspace prepends its replacement: always, only at the start of the text, or never.</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}
