using Amend.Evaluation.Running;

namespace Amend.Evaluation.Reports;

/// <summary>Combines the folders of a sharded run (<c>--shard i/n</c>) into one run, as if it had run whole.</summary>
public static class ShardMerger
{
    /// <summary>Reads and merges <paramref name="folders"/>: cases are joined in index order, wall times summed.</summary>
    /// <exception cref="ArgumentException">The folders are runs of different configurations, repeat or miss a shard, repeat a case, or none is given.</exception>
    public static RunResult Merge(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0) throw new ArgumentException("merge needs at least one run folder");
        var runs = folders.Select(RunFolder.Read).ToList();
        var first = runs[0].Info;
        for (int i = 1; i < runs.Count; i++)
        {
            var info = runs[i].Info;
            if (info.Configuration != first.Configuration) throw new ArgumentException($"{folders[i]} is a different run ({info.Configuration}) from {folders[0]} ({first.Configuration})");
        }

        var shards = runs.Select(r => r.Info.Shard).Where(s => s is not null).ToList();
        var repeated = shards.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"shard {repeated.Key} is given twice");
        RequireEveryShard(folders, runs);
        RequireOwnCases(folders, runs);
        var cases = runs.SelectMany(r => r.Cases).OrderBy(c => c.Index).ToList();
        var twice = cases.GroupBy(c => c.Index).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"case {twice.Key} appears in more than one folder");
        var timings = new RunTimings(runs.Sum(r => r.Timings.WallSeconds), runs.Sum(r => r.Timings.EditSeconds), runs.Sum(r => r.Timings.ModelSeconds));
        return new RunResult(first with { Shard = null, Schedule = MergedSchedule(first) }, cases, timings);
    }

    // Single-mode cases are independent, so shards add up to the whole run. Sequential and batch shards do not: each
    // shard edits its own cases in sequence or in its own batches, which the merged run's schedule says.
    private static string MergedSchedule(RunInfo first) => first.Shard is string shard && first.Mode is "sequential" or "batch"
        ? $"{first.Schedule}; in {ShardSpec.Parse(shard).Count} shards, each with its own {(first.Mode == "batch" ? "batches" : "sequence of edits")}"
        : first.Schedule;

    // A merge stands for the whole run, so it needs every shard i/n of one n, and no unsharded run beside them.
    private static void RequireEveryShard(IReadOnlyList<string> folders, List<RunResult> runs)
    {
        var specs = runs.Select((r, i) => r.Info.Shard is string s ? ShardSpec.Parse(s, $"the shard in {Path.Combine(folders[i], RunFolder.SummaryFile)}") : null).ToList();
        int unsharded = specs.IndexOf(null);
        if (unsharded >= 0 && runs.Count > 1) throw new ArgumentException($"{folders[unsharded]} is a whole run, not a shard; merge only the folders of one --shard i/n run");
        if (unsharded >= 0) return;
        int count = specs[0]!.Count;
        int other = specs.FindIndex(s => s!.Count != count);
        if (other >= 0) throw new ArgumentException($"{folders[other]} is shard {specs[other]} but {folders[0]} is shard {specs[0]}: the shard counts differ");
        // With --limit L, shards L and above select no case and cannot run, so they are not asked for.
        int? limit = runs[0].Info.Limit;
        var missing = Enumerable.Range(0, count).Except(specs.Select(s => s!.Index)).Where(i => i < (limit ?? int.MaxValue)).Select(i => $"{i}/{count}").ToList();
        if (missing.Count > 0) throw new ArgumentException($"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} missing: a merge needs the folder of every shard");
    }

    // A shard i/n runs the cases whose index is i mod n; any other case in its folder came from elsewhere.
    private static void RequireOwnCases(IReadOnlyList<string> folders, List<RunResult> runs)
    {
        for (int f = 0; f < runs.Count; f++)
        {
            if (runs[f].Info.Shard is not string shard) continue;
            var spec = ShardSpec.Parse(shard);
            if (runs[f].Cases.FirstOrDefault(c => !spec.Contains(c.Index)) is { } stray)
            {
                throw new ArgumentException($"{folders[f]} is shard {shard} but holds case {stray.Index}, which belongs to shard {stray.Index % spec.Count}/{spec.Count}");
            }
        }
    }

}
