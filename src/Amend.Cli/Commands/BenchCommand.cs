using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench ...</c>: measurements of Amend's speed against the machine and PyTorch.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed: kernels, model forward and training step, checkpoint loading.");
        bench.Add(BenchKernelsCommand.Create());
        bench.Add(BenchForwardCommand.Create());
        bench.Add(BenchLoadCommand.Create());
        bench.Add(BenchEditCommand.Create());
        bench.Add(BenchStatsCommand.Create());
        return bench;
    }
}
