using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench ...</c>: measurements of Amend's speed against the machine and PyTorch.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed: kernels, and later models, edits and benchmarks.");
        bench.Add(BenchKernelsCommand.Create());
        return bench;
    }
}
