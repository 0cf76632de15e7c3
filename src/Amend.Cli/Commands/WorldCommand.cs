using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary><c>amend world</c>: the synthetic factual world, its corpus and benchmark, and the small models trained on it.</summary>
internal static class WorldCommand
{
    public static Command Create() => new("world", "Generate the synthetic world, train small models on it, and measure their recall.")
    {
        WorldGenerateCommand.Create(),
        WorldTrainCommand.Create(),
        WorldEvalCommand.Create(),
    };
}
