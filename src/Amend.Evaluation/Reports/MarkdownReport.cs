using System.Globalization;
using System.Text;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Reports;

/// <summary>
/// KnowEdit's Table 4 layout from one or more runs: a row per dataset × metric (× kind, × protocol when not
/// KnowEdit's own), a column per method. Each cell is one run's mean; protocols are separate rows.
/// </summary>
public static class MarkdownReport
{
    /// <summary>The Markdown table, with a list of the runs it was built from.</summary>
    /// <exception cref="ArgumentException">No runs.</exception>
    public static string Build(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("a table needs at least one run");
        var names = ColumnNames(runs);
        var columns = names.Distinct().ToList();
        var rows = runs.SelectMany(r => r.Metrics.Select(m => (r.Run.Dataset, m.Metric, m.Kind, m.Protocol))).Distinct()
            .OrderBy(k => k.Dataset, StringComparer.Ordinal).ThenBy(k => MetricOrder.Of(k.Metric)).ThenBy(k => k.Protocol).ThenBy(k => MetricOrder.KindRank(k.Kind)).ThenBy(k => k.Kind, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Dataset | Metric | {string.Join(" | ", columns.Select(Cell))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(columns.Select(_ => "---:|"))}");
        foreach (var row in rows)
        {
            var cells = columns.Select(column =>
            {
                var metric = runs.Where((r, i) => r.Run.Dataset == row.Dataset && names[i] == column).SelectMany(r => r.Metrics)
                    .FirstOrDefault(m => m.Metric == row.Metric && m.Kind == row.Kind && m.Protocol == row.Protocol);
                return metric is null ? "—" : Format(metric.Mean, metric.Protocol);
            });
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(row.Dataset)} | {Cell(MetricOrder.Label(row.Metric, row.Kind, row.Protocol))} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine().AppendLine("Runs:").AppendLine();
        foreach (var (r, name) in runs.Zip(names))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {name} on {r.Run.Dataset} ({r.Run.DataPath}): model {r.Run.Model}, {r.Run.Mode} mode, evaluated {r.Run.Schedule}, {r.Cases} cases ({r.Failed} failed), seed {r.Run.Seed}, protocols {string.Join(", ", r.Run.Protocols)}");
        }

        return text.ToString();
    }

    // Names come from run folders' summary.json files: a '|' would split a cell and a line break end the row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>A cell's text: KL in nats with 4 decimals, everything else with 2.</summary>
    public static string Format(double value, MetricProtocol protocol) =>
        value.ToString(protocol == MetricProtocol.KlDivergence ? "F4" : "F2", CultureInfo.InvariantCulture);

    // What else can tell apart two runs of one method, mode and model on one dataset, in the order it is named.
    private static readonly Func<RunSummary, string>[] Distinctions =
    [
        r => r.Run.Schedule,
        r => $"seed {r.Run.Seed}",
        r => string.Join(" + ", r.Run.Protocols),
        r => r.Run.DataPath,
        r => $"{r.Cases} cases",
    ];

    // One name per run. The method names a column; mode and model are added when the runs differ in them. Runs that
    // would still share a column on one dataset, whose cells would hide all but one, are told apart by what differs
    // between them, or numbered when nothing recorded does.
    private static List<string> ColumnNames(IReadOnlyList<RunSummary> runs)
    {
        var names = runs.Select(run => BaseName(run, runs)).ToList();
        foreach (var clash in Enumerable.Range(0, runs.Count).GroupBy(i => (names[i], runs[i].Run.Dataset)).Where(g => g.Count() > 1).Select(g => g.ToList()))
        {
            var differing = Distinctions.Where(d => clash.Select(i => d(runs[i])).Distinct().Count() > 1).ToList();
            var told = clash.ToDictionary(i => i, i => string.Join(", ", differing.Select(d => d(runs[i]))));
            bool unique = told.Values.Distinct().Count() == clash.Count;
            foreach (int i in clash) names[i] += $" [{(unique ? told[i] : string.Join(", ", new[] { told[i], $"run {i + 1}" }.Where(s => s.Length > 0)))}]";
        }

        return names;
    }

    private static string BaseName(RunSummary run, IReadOnlyList<RunSummary> all)
    {
        var parts = new List<string>();
        if (all.Select(r => r.Run.Mode).Distinct().Count() > 1) parts.Add(run.Run.Mode);
        if (all.Select(r => r.Run.Model).Distinct().Count() > 1) parts.Add(run.Run.Model);
        return parts.Count == 0 ? run.Run.Method : $"{run.Run.Method} ({string.Join(", ", parts)})";
    }
}
