namespace Amend.Editing;

/// <summary>
/// A question asked of the edited model with the answer it should give: a portability probe (the answer
/// follows from the edit) or a locality probe (the answer should not change).
/// </summary>
/// <param name="Prompt">The text the answer follows, e.g. "The Space Needle is located in the country of".</param>
/// <param name="Answers">Accepted answers, the first being the one scored by teacher forcing; at least one.</param>
public sealed record Probe(string Prompt, IReadOnlyList<string> Answers)
{
    /// <summary>A probe with a single answer.</summary>
    public Probe(string prompt, string answer)
        : this(prompt, [answer])
    {
    }

    /// <summary>The answer scored by teacher forcing (the first accepted one).</summary>
    public string Answer => Answers[0];
}
