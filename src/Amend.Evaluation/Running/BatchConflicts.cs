using Amend.Evaluation.Datasets;

namespace Amend.Evaluation.Running;

/// <summary>
/// Finds batches that edit one subject more than once. MEMIT-style methods read a request's key at the subject's
/// tokens, which the rest of the prompt cannot change, so two requests about one subject compete for one key:
/// the update fits their mean and both may fail, which reads as a method's weakness rather than the batch's.
/// </summary>
public static class BatchConflicts
{
    /// <summary>One line per batch with a repeated subject, at most <paramref name="limit"/> lines and a count of the rest.</summary>
    /// <param name="cases">The selected cases, in run order.</param>
    /// <param name="batchSize">Cases per batch, as the run chunks them.</param>
    /// <param name="limit">The most batches described.</param>
    public static IReadOnlyList<string> Describe(IReadOnlyList<BenchmarkCase> cases, int batchSize, int limit = 3)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var lines = new List<string>();
        int batches = 0;
        foreach (var (chunk, number) in cases.Chunk(batchSize).Select((c, i) => (c, i + 1)))
        {
            var repeated = chunk
                .SelectMany(c => c.Requests.Select(r => (r.Subject, Case: c.Index)))
                .GroupBy(x => x.Subject, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .ToList();
            if (repeated.Count == 0) continue;
            batches++;
            if (lines.Count < limit)
            {
                var first = repeated[0];
                lines.Add($"batch {number} edits {repeated.Count} subject(s) more than once, e.g. \"{first.Key}\" in cases {string.Join(", ", first.Select(x => x.Case).Distinct())}");
            }
        }

        if (batches > limit) lines.Add($"... and {batches - limit} more batch(es) like them");
        return lines;
    }
}
