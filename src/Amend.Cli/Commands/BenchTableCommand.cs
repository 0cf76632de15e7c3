using System.CommandLine;
using Amend.Evaluation.Reports;
using Amend.Models.Checkpoints;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench table RUN_DIR... --out report.md</c>: KnowEdit's Table 4 (dataset × metric rows, method columns) from several runs.</summary>
internal static class BenchTableCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("runs") { Description = "Run folders (each with summary.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Markdown file to write; default: print it." }.NonEmptyPath();
        var command = new Command("table", "Build a KnowEdit-style Markdown table (rows dataset × metric, columns methods) from run folders.") { folders, output };
        command.SetAction(parse => CommandErrors.Run("bench table", parse.InvocationConfiguration.Error, () =>
        {
            string? file = parse.GetValue(output);
            var runs = parse.GetValue(folders)!;
            if (file is not null)
            {
                WritableFolder.RequireFile(file, "for the table (--out)");
                RequireNoReportOf(runs, file);
            }

            string table = MarkdownReport.Build([.. runs.Select(RunFolder.ReadSummary)]);
            if (file is not null) AtomicFile.WriteAllText(file, table);
            else parse.InvocationConfiguration.Output.Write(table);
            return 0;
        }));
        return command;
    }

    // The table must not replace a report of a run it is built from: that run could not be read again.
    private static void RequireNoReportOf(IEnumerable<string> runs, string file)
    {
        string target = Path.GetFullPath(file);
        foreach (string run in runs)
        {
            if (RunFolder.ReportFiles.Any(name => Path.GetFullPath(Path.Combine(run, name)) == target))
            {
                throw new ArgumentException($"--out {file} is a report of the run {run}, which it would replace; write the table elsewhere");
            }
        }
    }
}
