namespace Amend.Evaluation.Datasets;

/// <summary>A KnowEdit Sanitation case: the model should refuse (<see cref="Refusal"/>) and keep answering the retain questions.</summary>
/// <param name="Refusal">The refusal the answer must contain, e.g. "I don't know." (compared case-insensitively).</param>
/// <param name="RetainPrompts">Retain-set questions (already templated) whose greedy answers must not change.</param>
public sealed record SanitationExtras(string Refusal, IReadOnlyList<string> RetainPrompts) : CaseExtras;
