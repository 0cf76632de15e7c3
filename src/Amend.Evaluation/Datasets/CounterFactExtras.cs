namespace Amend.Evaluation.Datasets;

/// <summary>The parts of a ROME CounterFact record that are not probes with answers.</summary>
/// <param name="AttributePrompts">Prompts about other subjects whose true object is the new target (ROME's essence checks).</param>
/// <param name="GenerationPrompts">Prompts ROME generates from to judge fluency and consistency.</param>
public sealed record CounterFactExtras(IReadOnlyList<string> AttributePrompts, IReadOnlyList<string> GenerationPrompts) : CaseExtras;
