using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Evaluation.Running;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>The demo's terminal layout: the edit, a before/after table of answers, KnowEdit's metrics, and the undo check.</summary>
internal sealed record DemoReport(string Folder, EditRequest Request, IReadOnlyList<DemoProbe> Probes, IReadOnlyList<string> Before, IReadOnlyList<string> After,
    CaseResult Scores, EditResult Edit, double EditSeconds, bool Restored, double TotalSeconds)
{
    public void Write(TextWriter output)
    {
        var console = WriterConsole.For(output);
        console.Write(new Rule($"[bold]Amend demo[/]: ROME on the embedded toy-world GPT-2 ({Markup.Escape(Folder)})").LeftJustified());
        console.MarkupLine($"Fact:  [bold]{Markup.Escape(Request.FilledPrompt)}[/] [grey]{Markup.Escape(Request.GroundTruth ?? "?")}[/]   (the model says: {Markup.Escape(Before[0])})");
        console.MarkupLine($"Edit:  [bold]{Markup.Escape(Request.FilledPrompt)}[/] [green]{Markup.Escape(Request.TargetNew)}[/]   (ROME, {Edit.Deltas[0].Name}, {EditSeconds:F1} s)");
        console.WriteLine();
        console.Write(AnswerTable());
        console.Write(MetricTable());
        string undo = Restored ? "[green]every weight restored bit for bit[/]" : "[red]weights NOT restored[/]";
        console.MarkupLine($"Undo:  {undo}.   Total {TotalSeconds:F1} s.");
    }

    private Table AnswerTable()
    {
        var table = new Table().AddColumns("question", "prompt", "edited world says", "before", "after", "");
        for (int i = 0; i < Probes.Count; i++)
        {
            var p = Probes[i];
            bool ok = DemoProbes.Matches(After[i], p.Expected);
            table.AddRow(Markup.Escape(p.Label), Markup.Escape(p.Prompt), Markup.Escape(p.Expected), Markup.Escape(Before[i]), Markup.Escape(After[i]), ok ? "[green]✓[/]" : "[red]✗[/]");
        }

        return table;
    }

    private Table MetricTable()
    {
        var table = new Table().Title("KnowEdit metrics for this edit").AddColumns("metric", "kind", "protocol", "score");
        foreach (var s in Scores.Scores.Where(s => s.Kind is null or "overall"))
        {
            table.AddRow(s.Metric, s.Kind ?? "", s.Protocol.ToString(), s.Value.ToString("F2", CultureInfo.InvariantCulture));
        }

        return table;
    }
}
