using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench ...</c>: editing benchmarks (runs, shard merges, tables) and measurements of Amend's speed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run an editing benchmark (--model --method --hparams --data --out), or measure speed: kernels, model forward and training step, checkpoint loading, edits, statistics, KNE attribution; or merge and tabulate runs.");
        BenchRunCommand.Configure(bench);
        bench.Add(BenchKernelsCommand.Create());
        bench.Add(BenchForwardCommand.Create());
        bench.Add(BenchLoadCommand.Create());
        bench.Add(BenchEditCommand.Create());
        bench.Add(BenchStatsCommand.Create());
        bench.Add(BenchKneCommand.Create());
        bench.Add(BenchMergeCommand.Create());
        bench.Add(BenchTableCommand.Create());
        return bench;
    }
}
