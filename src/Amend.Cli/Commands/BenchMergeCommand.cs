using System.CommandLine;
using Amend.Evaluation.Reports;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench merge DIR... --out DIR</c>: joins the folders of a sharded run into one run folder.</summary>
internal static class BenchMergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("runs") { Description = "Run folders written with --shard i/n.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged reports.", Required = true };
        var command = new Command("merge", "Merge the output folders of a sharded benchmark run (bench --shard i/n) into one.") { folders, output };
        command.SetAction(parse => CommandErrors.Run("bench merge", parse.InvocationConfiguration.Error, () =>
        {
            var merged = ShardMerger.Merge(parse.GetValue(folders)!);
            string folder = parse.GetValue(output)!;
            BenchSummaryPrinter.Print(RunFolder.Write(merged, folder), folder, parse.InvocationConfiguration.Output);
            return 0;
        }));
        return command;
    }
}
