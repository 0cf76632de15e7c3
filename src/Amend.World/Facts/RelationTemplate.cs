namespace Amend.World.Facts;

/// <summary>
/// A way to state a relation in English: "{}" marks the subject and the object always follows the text
/// after one space (so a greedy completion of the text is the object).
/// </summary>
/// <param name="Text">The prompt, e.g. "{} was born in".</param>
/// <param name="HeldOut">True for paraphrases never written into the training corpus.</param>
/// <param name="IsQuestion">True for ZsRE-like question forms ("Q: Where was {} born? A:").</param>
/// <param name="Frame">The shared frame this wording was built from (see <see cref="RelationCatalog.StatementFrames"/>), or null for a relation's own wording.</param>
public sealed record RelationTemplate(string Text, bool HeldOut = false, bool IsQuestion = false, string? Frame = null)
{
    /// <summary>The prompt with the subject filled in.</summary>
    public string Prompt(string subject) => Text.Replace("{}", subject, StringComparison.Ordinal);

    /// <summary>The full training sentence: prompt, a space, the object, a full stop.</summary>
    public string Sentence(string subject, string obj) => $"{Prompt(subject)} {obj}.";
}
