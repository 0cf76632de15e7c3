using Amend.Editing.Shared;

namespace Amend.Editing.CausalTracing;

/// <summary>A tokenised prompt with the subject's token span and, when a target was given, its answer token.</summary>
internal sealed record TracePrompt(int[] Ids, int SubjectStart, int SubjectEnd, int? TargetId)
{
    /// <summary>
    /// Tokenises <paramref name="prompt"/> (containing <paramref name="subject"/> literally or as "{}") and locates the subject.
    /// The target's answer token is the first token of prompt + " " + target after the prompt's own tokens.
    /// </summary>
    /// <exception cref="EditRequestException">The subject is empty or not in the prompt, or the target adds no token.</exception>
    public static TracePrompt Create(EditableModel model, string prompt, string subject, string? target)
    {
        string template = Template(prompt, subject, target);
        var location = SubjectTokenLocator.Locate(model.Tokenizer, template, subject, FactToken.SubjectLast);
        int? targetId = target is null ? null : TargetToken(model, template.Replace("{}", subject, StringComparison.Ordinal), location.Ids, target);
        return new TracePrompt(location.Ids, location.SubjectStart, location.SubjectEnd, targetId);
    }

    /// <summary>The prompt with "{}" where the subject is, after the checks that need no tokenizer.</summary>
    /// <exception cref="EditRequestException">The subject is empty or not in the prompt, the prompt has two "{}", or the target is empty.</exception>
    public static string Template(string prompt, string subject, string? target)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (string.IsNullOrWhiteSpace(subject)) throw new EditRequestException("subject", "causal tracing needs a non-empty subject to corrupt");
        if (target is not null && string.IsNullOrWhiteSpace(target)) throw new EditRequestException("target", "the target is empty");
        return EditRequest.TemplateOf(prompt, subject);
    }

    // Encoding the whole text (not " " + target alone) gets the word-boundary form the model would predict, for
    // GPT-2's byte-level BPE and SentencePiece alike.
    private static int TargetToken(EditableModel model, string text, int[] promptIds, string target)
    {
        int[] full = model.EncodePrompt(text.TrimEnd() + " " + target.Trim());
        int shared = 0;
        while (shared < Math.Min(full.Length, promptIds.Length) && full[shared] == promptIds[shared]) shared++;
        if (shared < promptIds.Length || shared == full.Length)
        {
            throw new EditRequestException("target", $"{MessageText.Quote(target)} does not start with a token of its own after {MessageText.Quote(text)} (the prompt's last token merges with it; drop trailing spaces from the prompt)");
        }

        return full[shared];
    }
}
