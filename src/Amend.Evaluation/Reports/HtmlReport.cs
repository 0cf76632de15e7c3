using System.Globalization;
using System.Net;
using System.Text;
using Amend.Evaluation.Metrics;
using Amend.Evaluation.Running;

namespace Amend.Evaluation.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts) with the run, its summary table,
/// a histogram of each headline score over cases and, for sequential runs, each score against the number
/// of edits made when it was measured.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page for <paramref name="result"/> and its <paramref name="summary"/>.</summary>
    public static string Build(RunResult result, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(summary);
        var info = result.Info;
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
        html.Append(E($"{info.Method} on {info.Dataset}")).Append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}figure{display:inline-block;margin:0 1em 1em 0}</style></head><body>");
        html.Append(Invariant($"<h1>{E(info.Method)} on {E(info.Dataset)}</h1><p>Model {E(info.Model)}; {E(info.Mode)} mode, evaluated {E(info.Schedule)}; {summary.Cases} cases, {summary.Failed} failed; seed {info.Seed}; protocols {E(string.Join(", ", info.Protocols))}; data {E(info.DataPath)}.</p>"));
        html.Append(Invariant($"<p>Wall time {summary.Timings.WallSeconds:F1} s: edits {summary.Timings.EditSeconds:F1} s, model (evaluation) {summary.Timings.ModelSeconds:F1} s, outside both {100 * summary.OutsideModelFraction:F1}%.</p>"));
        html.Append("<h2>Summary</h2><table><tr><th>Metric</th><th>Protocol</th><th>Mean</th><th>SD</th><th>Cases</th></tr>");
        foreach (var m in summary.Metrics)
        {
            html.Append(Invariant($"<tr><td>{E(MetricOrder.Label(m.Metric, m.Kind, m.Protocol))}</td><td>{m.Protocol}</td><td class=\"n\">{MarkdownReport.Format(m.Mean, m.Protocol)}</td><td class=\"n\">{MarkdownReport.Format(m.StandardDeviation, m.Protocol)}</td><td class=\"n\">{m.Count}</td></tr>"));
        }

        html.Append("</table>");
        var headline = result.Cases.SelectMany(c => c.Scores.Where(s => s.Kind is null or MetricNames.Overall).Select(s => (Case: c, Score: s))).GroupBy(x => x.Score.Key).ToList();
        html.Append("<h2>Distributions over cases</h2>");
        foreach (var g in headline) html.Append(Figure(g.Key, SvgPlots.Histogram([.. g.Select(x => x.Score.Value)])));
        if (info.Mode == "sequential")
        {
            html.Append("<h2>Against the number of edits so far</h2>");
            foreach (var g in headline) html.Append(Figure(g.Key, SvgPlots.Scatter([.. g.Select(x => ((double)x.Case.EditsSoFar, x.Score.Value))])));
        }

        var failed = result.Cases.Where(c => c.Error is not null).ToList();
        if (failed.Count > 0)
        {
            html.Append("<h2>Failed edits</h2><ul>");
            foreach (var c in failed) html.Append(Invariant($"<li>case {c.Index} ({E(c.Id)}): {E(c.Error!)}</li>"));
            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Figure(string caption, string svg) => $"<figure>{svg}<figcaption>{E(caption)}</figcaption></figure>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
