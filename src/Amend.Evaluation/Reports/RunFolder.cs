using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amend.Evaluation.Running;
using Amend.Models.Checkpoints;

namespace Amend.Evaluation.Reports;

/// <summary>
/// A run's output folder: cases.jsonl (one JSON object per case: inputs, outputs, scores with protocols,
/// timings), summary.json, report.md and report.html. Written by a run or a merge, read by merge and table.
/// </summary>
public static class RunFolder
{
    /// <summary>The per-case file name.</summary>
    public const string CasesFile = "cases.jsonl";

    /// <summary>The summary file name.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The Markdown report's file name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The HTML report's file name.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>Every file <see cref="Write"/> writes.</summary>
    public static IReadOnlyList<string> ReportFiles { get; } = [CasesFile, SummaryFile, MarkdownFile, HtmlFile];

    /// <summary>
    /// Writes every report of <paramref name="result"/> into <paramref name="folder"/> (created if needed) and returns its
    /// summary. The four files are staged and renamed into place together, so a failure leaves the folder's earlier
    /// reports as they were, never new cases beside an old report.
    /// </summary>
    public static RunSummary Write(RunResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        var summary = RunSummary.From(result);
        string markdown = MarkdownReport.Build([summary]), html = HtmlReport.Build(result, summary);
        using var staged = new StagedFiles();
        staged.Write(Path.Combine(folder, CasesFile), stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            foreach (var c in result.Cases) writer.WriteLine(JsonSerializer.Serialize(c, ReportJson.Lines));
        });
        staged.Write(Path.Combine(folder, SummaryFile), stream => stream.Write(JsonSerializer.SerializeToUtf8Bytes(summary, ReportJson.Indented)));
        staged.WriteText(Path.Combine(folder, MarkdownFile), markdown);
        staged.WriteText(Path.Combine(folder, HtmlFile), html);
        staged.Commit();
        return summary;
    }

    /// <summary>Reads a run folder back.</summary>
    /// <exception cref="IOException">The folder lacks summary.json or cases.jsonl, or one of them is not what a run writes.</exception>
    public static RunResult Read(string folder)
    {
        var summary = ReadSummary(folder);
        string cases = Path.Combine(folder, CasesFile);
        if (!File.Exists(cases)) throw new FileNotFoundException($"{folder} is not a run folder: {CasesFile} is missing", cases);
        var results = File.ReadLines(cases).Where(l => l.Length > 0).Select((line, i) => Parse<CaseResult>(line, $"{cases} line {i + 1}")).ToList();
        if (results.Count != summary.Cases) throw new IOException($"{cases} holds {results.Count} cases but {SummaryFile} counts {summary.Cases}; the run folder is incomplete or was changed");
        return new RunResult(summary.Run, results, summary.Timings);
    }

    /// <summary>Reads only a run folder's summary.json.</summary>
    /// <exception cref="IOException">No summary.json, or it is malformed.</exception>
    public static RunSummary ReadSummary(string folder)
    {
        string path = Path.Combine(folder, SummaryFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder} is not a run folder: {SummaryFile} is missing", path);
        var summary = Parse<RunSummary>(InputFile.ReadAllText(path, "a run summary"), path);
        RequireConsistent(summary, path);
        return summary;
    }

    // JSON reads 1e400 as infinity and a hand-edited summary can drop its metrics: a table built from either
    // would print numbers no run produced.
    private static void RequireConsistent(RunSummary summary, string path)
    {
        if (summary.Cases < 0 || summary.Failed < 0 || summary.Failed > summary.Cases)
        {
            throw new IOException($"{path}: counts {summary.Cases} cases of which {summary.Failed} failed; a run writes 0 ≤ failed ≤ cases");
        }

        if (summary.Metrics.Count == 0 && summary.Failed < summary.Cases)
        {
            throw new IOException($"{path}: {summary.Cases - summary.Failed} cases were scored but the summary holds no metrics");
        }

        foreach (var metric in summary.Metrics)
        {
            if (!double.IsFinite(metric.Mean) || !double.IsFinite(metric.StandardDeviation) || metric.Count <= 0)
            {
                string name = metric.Kind is null ? metric.Metric : $"{metric.Metric} ({metric.Kind})";
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{path}: the metric {name} has mean {metric.Mean} and deviation {metric.StandardDeviation} over {metric.Count} scores; a run writes finite numbers over at least one score"));
            }
        }
    }

    private static T Parse<T>(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, ReportJson.Lines) ?? throw new IOException($"{where}: empty");
        }
        catch (JsonException e)
        {
            throw new IOException($"{where}: not what a run writes ({Describe(e)})", e);
        }
    }

    // System.Text.Json's own messages name .NET types; say which field, and where in the file, instead.
    private static string Describe(JsonException e)
    {
        var missing = Regex.Match(e.Message, "missing required properties including: (.*?)\\.?(?: Path:|$)");
        if (missing.Success) return $"missing field(s) {missing.Groups[1].Value}";
        string at = e.Path is { Length: > 1 } path ? $" at {path}" : "";
        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)) return $"the value{at} is of the wrong kind";
        if (e.Message.Contains("doesn't allow null values", StringComparison.Ordinal)) return $"the value{at} is null";
        return e.Message;
    }
}
