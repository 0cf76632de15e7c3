using Amend.Models.Inference;

namespace Amend.Editing.Shared;

/// <summary>
/// The batch the v* (z) optimisation runs on, built as ROME's <c>compute_v</c> and MEMIT's <c>compute_z</c> build it:
/// one rewriting prompt per context template, context.format(prompt) + decode(target[:-1]), then the KL prompt
/// "{subject} is a"; right-padded; the delta goes in at each prompt's located subject token.
/// </summary>
/// <param name="Batch">All prompts, rewriting prompts first and the KL prompt last, right-padded.</param>
/// <param name="LookupIndices">Per batch row, the token the delta is added at.</param>
/// <param name="TargetPositions">Flat (row·T + t) positions whose next-token logits must give <see cref="TargetIds"/>.</param>
/// <param name="TargetIds">The target token expected after each of <see cref="TargetPositions"/>.</param>
/// <param name="KlPositions">Flat positions of the KL prompts' located tokens, whose distributions must not drift.</param>
public sealed record RewritingPrompts(TokenBatch Batch, int[] LookupIndices, int[] TargetPositions, int[] TargetIds, int[] KlPositions)
{
    /// <summary>The KL prompt, after ROME: the subject's own distribution ("{} is a") is held near the unedited one.</summary>
    public const string KlTemplate = "{} is a";

    /// <summary>Builds the batch for <paramref name="template"/> (the prompt with "{}" for the subject) and <paramref name="targetIds"/>.</summary>
    /// <param name="model">Tokenizer and pad id.</param>
    /// <param name="template">The edit prompt with "{}" where the subject goes.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="targetIds">The tokens of " " + target_new, at least one.</param>
    /// <param name="contextTemplates">Context templates, each with one "{}" for the prompt.</param>
    /// <param name="which">The token the delta is added at.</param>
    /// <exception cref="EditRequestException">The target has no tokens, or the subject cannot be located.</exception>
    public static RewritingPrompts Build(EditableModel model, string template, string subject, int[] targetIds, IReadOnlyList<string> contextTemplates, FactToken which)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(targetIds);
        ArgumentNullException.ThrowIfNull(contextTemplates);
        if (targetIds.Length == 0) throw new EditRequestException("target_new", "has no tokens");
        string targetPrefix = model.Tokenizer.Decode(targetIds.AsSpan(0, targetIds.Length - 1));
        var rewriting = contextTemplates.Select(c => Locate(model, c.Replace("{}", template, StringComparison.Ordinal), targetPrefix, subject, which)).ToList();
        var kl = Locate(model, KlTemplate, string.Empty, subject, which);
        var rows = rewriting.Append(kl).ToList();
        var batch = TokenBatch.RightPadded([.. rows.Select(r => r.Ids)], model.PadId);
        int length = batch.Length;

        // The last prompt token predicts target[0], and each appended target token the next one.
        var positions = new List<int>();
        var ids = new List<int>();
        for (int row = 0; row < rewriting.Count; row++)
        {
            int first = rewriting[row].Ids.Length - targetIds.Length;
            if (first < 0) throw new EditRequestException("prompt", $"rewriting prompt {row} has {rewriting[row].Ids.Length} tokens, fewer than the {targetIds.Length} target tokens it must predict");
            for (int j = 0; j < targetIds.Length; j++)
            {
                positions.Add((row * length) + first + j);
                ids.Add(targetIds[j]);
            }
        }

        return new RewritingPrompts(batch, [.. rows.Select(r => r.Index)], [.. positions], [.. ids], [(rewriting.Count * length) + kl.Index]);
    }

    // The whole prompt is tokenised with the target prefix; for fact_token "last" the delta still goes at the last
    // token of the prompt itself, where the fact is looked up, as EasyEdit's ROME does. (Its MEMIT-family compute_z
    // takes index -1 of the padded row: with a target of several tokens, a target token or padding; docs/methods/rome.md.)
    private static (int[] Ids, int Index) Locate(EditableModel model, string prompt, string targetPrefix, string subject, FactToken which)
    {
        var full = SubjectTokenLocator.Locate(model.Tokenizer, prompt + targetPrefix, subject, which);
        int index = which == FactToken.Last ? SubjectTokenLocator.Locate(model.Tokenizer, prompt, subject, which).Index : full.Index;
        return (full.Ids, index);
    }
}
