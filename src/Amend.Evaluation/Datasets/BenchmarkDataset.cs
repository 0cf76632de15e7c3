namespace Amend.Evaluation.Datasets;

/// <summary>A benchmark file read into cases.</summary>
/// <param name="Name">The dataset's name in reports, e.g. "ZsRE", "WikiData_counterfact", "CounterFact".</param>
/// <param name="Format">The reader that read it (see <see cref="DatasetFormats"/>).</param>
/// <param name="Path">The file read.</param>
/// <param name="Cases">Every record, in file order (case i has index i).</param>
public sealed record BenchmarkDataset(string Name, string Format, string Path, IReadOnlyList<BenchmarkCase> Cases);
