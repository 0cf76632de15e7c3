using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Spectre consoles that draw on a given writer (standard output for results, standard error for progress), so tests can capture either.</summary>
internal static class WriterConsole
{
    /// <summary>A console writing to <paramref name="writer"/>, detecting its capabilities as Spectre does.</summary>
    public static IAnsiConsole For(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
}
