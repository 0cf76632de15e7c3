using System.CommandLine;
using Amend.Evaluation.Reports;
using Amend.Models.Checkpoints;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench merge DIR... --out DIR</c>: joins the folders of a sharded run into one run folder.</summary>
internal static class BenchMergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("runs") { Description = "Run folders written with --shard i/n.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged reports.", Required = true }.NonEmptyPath();
        var command = new Command("merge", "Merge the output folders of a sharded benchmark run (bench --shard i/n) into one.") { folders, output };
        command.SetAction(parse => CommandErrors.Run("bench merge", parse.InvocationConfiguration.Error, () =>
        {
            var shards = parse.GetValue(folders)!;
            string folder = parse.GetValue(output)!;
            string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (shards.Any(s => Path.TrimEndingDirectorySeparator(Path.GetFullPath(s)) == target))
            {
                throw new ArgumentException($"--out {folder} is one of the shards being merged, whose reports it would replace; write the merged run to a new folder");
            }

            WritableFolder.Require(folder, "for the merged run's reports (--out)");
            var merged = ShardMerger.Merge(shards);
            BenchSummaryPrinter.Print(RunFolder.Write(merged, folder), folder, parse.InvocationConfiguration.Output);
            return 0;
        }));
        return command;
    }
}
