namespace Amend.Evaluation.Running;

/// <summary>
/// How a run keeps its finished cases safe: <see cref="OnFinished"/> receives each case as it finishes (to append it
/// to disk), and <see cref="Finished"/> holds those an interrupted run of the same configuration already finished,
/// which are not run again.
/// </summary>
/// <param name="Finished">Cases finished before; empty for a fresh run.</param>
/// <param name="OnFinished">Called with each case this run finishes, in the order they finish.</param>
public sealed record RunRecording(IReadOnlyList<CaseResult> Finished, Action<CaseResult>? OnFinished);
