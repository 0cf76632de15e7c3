namespace Amend.Editing.Shared;

/// <summary>A tokenised prompt and the index of the token an editor reads or writes.</summary>
/// <param name="Ids">The prompt's token ids (with the tokenizer's BOS, if any).</param>
/// <param name="Index">The chosen token, 0 ≤ Index &lt; Ids.Length.</param>
/// <param name="SubjectStart">First token of the subject.</param>
/// <param name="SubjectEnd">One past the subject's last token.</param>
public sealed record SubjectLocation(int[] Ids, int Index, int SubjectStart, int SubjectEnd);
