namespace Amend.Evaluation.Running;

/// <summary>Seconds a case spent in each stage (a batch edit's time is shared equally by its cases).</summary>
/// <param name="PrepareSeconds">Pre-edit outputs.</param>
/// <param name="EditSeconds">The editor's Apply/ApplyBatch.</param>
/// <param name="EvaluateSeconds">Scoring after the edit.</param>
public sealed record CaseTimings(double PrepareSeconds, double EditSeconds, double EvaluateSeconds);
