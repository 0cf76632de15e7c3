using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>The scores of one case after its edit, with the outputs they were computed from.</summary>
internal sealed record CaseEvaluation(IReadOnlyList<Score> Scores, IReadOnlyList<ProbeOutput> Outputs, IReadOnlyList<GenerationOutput> Generations);
