using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>Everything measured on one case: inputs, outputs, scores and timings.</summary>
/// <param name="Index">The case's index in the file.</param>
/// <param name="Id">The dataset's id for it.</param>
/// <param name="Requests">The edits made.</param>
/// <param name="EditsSoFar">Requests applied to the model when the case was evaluated (1 in single mode; grows in sequential mode).</param>
/// <param name="Scores">Every score, each with its protocol; empty when the edit failed.</param>
/// <param name="Outputs">The post-edit answers to each probe.</param>
/// <param name="Generations">Texts generated for generation metrics.</param>
/// <param name="Diagnostics">What the editor reported about its edit (loss, steps...).</param>
/// <param name="Timings">Seconds per stage.</param>
/// <param name="Error">Why the edit failed (invalid request, non-finite update); null when it succeeded.</param>
public sealed record CaseResult(
    int Index,
    string Id,
    IReadOnlyList<EditRequest> Requests,
    int EditsSoFar,
    IReadOnlyList<Score> Scores,
    IReadOnlyList<ProbeOutput> Outputs,
    IReadOnlyList<GenerationOutput> Generations,
    IReadOnlyDictionary<string, double> Diagnostics,
    CaseTimings Timings,
    string? Error = null);
