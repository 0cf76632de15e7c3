using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Amend.Models.Tokenizers;

/// <summary>
/// A Hugging Face decoder step: maps the list of token strings to a new list; the decoded text is the
/// concatenation of the last step's list.
/// </summary>
internal interface ITokenDecoder
{
    List<string> Decode(List<string> tokens);
}

/// <summary>Decoder steps applied in order.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<ITokenDecoder> steps) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        foreach (var step in steps) tokens = step.Decode(tokens);
        return tokens;
    }
}

/// <summary>Byte-level tokens back to bytes, then UTF-8 with U+FFFD for invalid sequences (Rust's from_utf8_lossy).</summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (string token in tokens) ByteLevelAlphabet.AppendBytes(token, bytes);
        return [Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(bytes))];
    }
}

/// <summary>Replaces a pattern in every token (LLaMA: "▁" → " ").</summary>
internal sealed class ReplaceDecoder(TextPattern pattern, string content) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => tokens.ConvertAll(t => pattern.Replace(t, content));
}

/// <summary>
/// Turns runs of byte tokens "&lt;0xAB&gt;" into the text they encode; a run that is not valid UTF-8 becomes one
/// U+FFFD per byte, as Hugging Face's ByteFallback decoder does.
/// </summary>
internal sealed class ByteFallbackDecoder : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var run = new List<byte>();
        foreach (string token in tokens)
        {
            if (TryParseByte(token, out byte b))
            {
                run.Add(b);
                continue;
            }

            Flush(run, output);
            output.Add(token);
        }

        Flush(run, output);
        return output;
    }

    private static void Flush(List<byte> run, List<string> output)
    {
        if (run.Count == 0) return;
        var bytes = CollectionsMarshal.AsSpan(run);
        if (Utf8.IsValid(bytes)) output.Add(Encoding.UTF8.GetString(bytes));
        else output.AddRange(Enumerable.Repeat("\uFFFD", run.Count));
        run.Clear();
    }

    private static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>Joins all tokens into one.</summary>
internal sealed class FuseDecoder : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>Removes up to <c>start</c> leading and <c>stop</c> trailing copies of a character from every token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => tokens.ConvertAll(Strip);

    private string Strip(string token)
    {
        int from = 0;
        while (from < start && from < token.Length && token[from] == content) from++;
        int to = token.Length;
        while (token.Length - to < stop && to > from && token[to - 1] == content) to--;
        return token[from..to];
    }
}

/// <summary>
/// Metaspace's inverse: the replacement becomes a space, except in the first token where (unless the prepend
/// scheme is "never") Hugging Face drops every replacement character, not only the prepended one.
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            bool drop = i == 0 && scheme != PrependScheme.Never;
            output.Add(drop ? tokens[i].Replace(replacement.ToString(), "", StringComparison.Ordinal) : tokens[i].Replace(replacement, ' '));
        }

        return output;
    }
}
