using System.Globalization;
using Amend.Cli.Output;
using Amend.Evaluation.Reports;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>Prints a run's summary as a table after a run or a merge.</summary>
internal static class BenchSummaryPrinter
{
    public static void Print(RunSummary summary, string folder, TextWriter output)
    {
        var console = WriterConsole.For(output);
        var run = summary.Run;
        var table = new Table().Title(Markup.Escape($"{run.Method} on {run.Dataset}: {summary.Cases} cases ({summary.Failed} failed), {run.Mode}, evaluated {run.Schedule}"));
        table.AddColumns("metric", "kind", "protocol", "mean", "cases");
        foreach (var m in summary.Metrics)
        {
            table.AddRow(Markup.Escape(m.Metric), Markup.Escape(m.Kind ?? ""), m.Protocol.ToString(), MarkdownReport.Format(m.Mean, m.Protocol), m.Count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var t = summary.Timings;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall {t.WallSeconds:F1} s (edits {t.EditSeconds:F1} s, model {t.ModelSeconds:F1} s, outside {100 * summary.OutsideModelFraction:F1}%); reports in {folder}"));
    }
}
