namespace Amend.Evaluation.Running;

/// <summary>A finished run (or a merge of shards): what it was, each case, and where the time went.</summary>
/// <param name="Info">The run's description.</param>
/// <param name="Cases">Every case, by index.</param>
/// <param name="Timings">Wall, edit and model time.</param>
public sealed record RunResult(RunInfo Info, IReadOnlyList<CaseResult> Cases, RunTimings Timings);
