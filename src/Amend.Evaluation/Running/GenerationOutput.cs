namespace Amend.Evaluation.Running;

/// <summary>A text the edited model generated during evaluation.</summary>
/// <param name="Purpose">"fluency", "exact-match", "refusal", "retain".</param>
/// <param name="Prompt">What it continued.</param>
/// <param name="Text">The continuation (for fluency, prompt and continuation as scored).</param>
public sealed record GenerationOutput(string Purpose, string Prompt, string Text);
