using Amend.Evaluation.Datasets;
using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class BatchConflictsTests
{
    // Subjects by case index: A B A C D D.
    private static readonly BenchmarkCase[] Cases = [.. new[] { "A", "B", "A", "C", "D", "D" }.Select((s, i) =>
        new BenchmarkCase(i, $"case-{i}", [new EditRequest { Prompt = "{} is in", Subject = s, TargetNew = $"T{i}" }]))];

    [Fact]
    public void RepeatedSubjects_AreFoundPerBatch()
    {
        var lines = BatchConflicts.Describe(Cases, batchSize: 3);

        Assert.Equal(
            ["batch 1 edits 1 subject(s) more than once, e.g. \"A\" in cases 0, 2", "batch 2 edits 1 subject(s) more than once, e.g. \"D\" in cases 4, 5"],
            lines);
    }

    [Fact]
    public void ASubjectRepeatedAcrossBatches_IsNoConflict()
    {
        // Given batches {A, B}, {A, C}, {D, D}: A is edited twice, but in different batches
        var lines = BatchConflicts.Describe(Cases, batchSize: 2);

        Assert.Equal(["batch 3 edits 1 subject(s) more than once, e.g. \"D\" in cases 4, 5"], lines);
    }

    [Fact]
    public void BeyondTheLimit_OnlyACountIsGiven()
    {
        var lines = BatchConflicts.Describe(Cases, batchSize: 3, limit: 1);

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("batch 1 ", lines[0], StringComparison.Ordinal);
        Assert.Equal("... and 1 more batch(es) like them", lines[1]);
    }

    [Fact]
    public void DistinctSubjects_GiveNoLines() =>
        Assert.Empty(BatchConflicts.Describe([.. Cases.Where(c => c.Index is 0 or 1 or 3 or 4)], batchSize: 4));
}
