namespace Amend.Evaluation.Running;

/// <summary>What the edited model answered on one probe (kept in the per-case report).</summary>
/// <param name="Group">"reliability", "generalization", "portability", "locality", or a ROME comparison ("reliability/true"...).</param>
/// <param name="Kind">The probe kind for portability and locality; null otherwise.</param>
/// <param name="Prompt">The probe's prompt.</param>
/// <param name="Answer">The answer teacher-forced after it.</param>
/// <param name="Labels">The answer's tokens.</param>
/// <param name="Predicted">The post-edit argmax at each answer position.</param>
/// <param name="MeanLogProb">Mean log-probability of the answer's tokens after the edit.</param>
public sealed record ProbeOutput(string Group, string? Kind, string Prompt, string Answer, int[] Labels, int[] Predicted, double MeanLogProb);
