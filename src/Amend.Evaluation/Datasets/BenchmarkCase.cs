namespace Amend.Evaluation.Datasets;

/// <summary>
/// One benchmark case: the edit(s) to make, what the dataset adds beyond <see cref="EditRequest"/>, and the
/// case's position in its file (sharding and merging key on <see cref="Index"/>).
/// </summary>
/// <param name="Index">0-based position of the record in the file.</param>
/// <param name="Id">The dataset's own id (CounterFact's case_id) or the index as text.</param>
/// <param name="Requests">The facts written for this case: one, or several for MQuAKE (applied together).</param>
/// <param name="Extras">Dataset-specific inputs of a metric (ConvSent answers, CounterFact generation prompts); null when none.</param>
public sealed record BenchmarkCase(int Index, string Id, IReadOnlyList<EditRequest> Requests, CaseExtras? Extras = null)
{
    /// <summary>The first (usually only) request: the one whose prompt drives fluency and generation metrics.</summary>
    public EditRequest Request => Requests[0];
}
