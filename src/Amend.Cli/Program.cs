using System.CommandLine;
using Amend.Cli.Commands;

namespace Amend.Cli;

/// <summary>The <c>amend</c> command line: one subcommand per job, each defined in Commands/.</summary>
internal static class Program
{
    private static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The root command with every subcommand attached (tests parse through it too).</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Amend: edit the facts a transformer language model knows, and measure the edit.");
        root.Add(GenerateCommand.Create());
        root.Add(InspectCommand.Create());
        root.Add(BenchCommand.Create());
        root.Add(EditCommand.Create());
        root.Add(EditsCommand.Create());
        root.Add(TraceCommand.Create());
        root.Add(StatsCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(WorldCommand.Create());
        return root;
    }
}
