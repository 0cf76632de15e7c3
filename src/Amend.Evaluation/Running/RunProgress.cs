namespace Amend.Evaluation.Running;

/// <summary>Where a run stands: reported after every evaluated case.</summary>
/// <param name="Done">Cases finished (evaluated or failed).</param>
/// <param name="Total">Cases in the run.</param>
/// <param name="Elapsed">Wall time so far.</param>
/// <param name="Remaining">Estimated time left (elapsed per case × cases left); null before the first case.</param>
/// <param name="RunningMeans">Mean so far of each KnowEdit headline score, by <see cref="Metrics.Score.Key"/>.</param>
public sealed record RunProgress(int Done, int Total, TimeSpan Elapsed, TimeSpan? Remaining, IReadOnlyDictionary<string, double> RunningMeans);
