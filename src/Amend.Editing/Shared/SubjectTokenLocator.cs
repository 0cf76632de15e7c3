using Amend.Models.Tokenizers;

namespace Amend.Editing.Shared;

/// <summary>
/// Finds the subject's tokens in a prompt template ("{} is in" + subject). Like ROME's repr_tools it
/// tokenises the text before the subject, " " + subject and the rest separately and counts; unlike it, the
/// subject and the rest get no BOS (so LLaMA-family counts are not off by one), and the count is checked
/// against the whole prompt's tokens, falling back to character offsets when the pieces merge differently.
/// </summary>
public static class SubjectTokenLocator
{
    /// <summary>Tokenises <paramref name="template"/> with <paramref name="subject"/> written in and locates <paramref name="which"/>.</summary>
    /// <exception cref="EditRequestException">The template has no "{}" or the subject's tokens cannot be found; the message lists the prompt's tokens.</exception>
    public static SubjectLocation Locate(ITokenizer tokenizer, string template, string subject, FactToken which)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        int at = template.IndexOf("{}", StringComparison.Ordinal);
        if (at < 0) throw new EditRequestException("prompt", $"template {MessageText.Quote(template)} has no \"{{}}\" for the subject");
        string prefix = template[..at];
        string suffix = template[(at + 2)..];
        int[] ids = tokenizer.Encode(prefix + subject + suffix);
        var (start, end) = ByPieces(tokenizer, prefix, subject, ids) ?? ByOffsets(tokenizer, ids, prefix.Length, prefix.Length + subject.Length, template, subject);
        int index = which switch
        {
            FactToken.SubjectLast => end - 1,
            FactToken.SubjectFirst => start,
            FactToken.SubjectFirstAfterLast => end < ids.Length ? end : end - 1,
            _ => ids.Length - 1,
        };
        return new SubjectLocation(ids, index, start, end);
    }

    // ROME's counting: the prefix loses its trailing space, which moves onto the subject (" Paris").
    private static (int Start, int End)? ByPieces(ITokenizer tokenizer, string prefix, string subject, int[] ids)
    {
        string word = subject;
        if (prefix.Length > 0 && prefix[^1] == ' ')
        {
            prefix = prefix[..^1];
            word = " " + subject.Trim();
        }

        int start = tokenizer.Encode(prefix).Length;
        int[] wordIds = tokenizer.Encode(word, addSpecialTokens: false);
        int end = start + wordIds.Length;
        if (wordIds.Length == 0 || end > ids.Length) return null;
        return ids.AsSpan(start, wordIds.Length).SequenceEqual(wordIds) ? (start, end) : null;
    }

    // Character offsets of each token's decoded end; the subject spans the tokens that overlap its characters.
    private static (int Start, int End) ByOffsets(ITokenizer tokenizer, int[] ids, int from, int to, string template, string subject)
    {
        int start = -1;
        for (int i = 0; i < ids.Length; i++)
        {
            int endChar = tokenizer.Decode(ids.AsSpan(0, i + 1), skipSpecialTokens: true, cleanUpTokenizationSpaces: false).Length;
            if (start < 0 && endChar > from) start = i;
            if (endChar >= to && start >= 0) return (start, i + 1);
        }

        var tokens = ids.Select(id => tokenizer.IdToToken(id) ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        throw new EditRequestException("subject", $"{MessageText.Quote(subject)} not found among the tokens of {MessageText.Quote(template.Replace("{}", subject, StringComparison.Ordinal))}: [{MessageText.List(tokens)}]");
    }
}
