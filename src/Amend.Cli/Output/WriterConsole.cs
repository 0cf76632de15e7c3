using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Spectre consoles that draw on a given writer (standard output for results, standard error for progress), so tests can capture either.</summary>
internal static class WriterConsole
{
    /// <summary>
    /// A console writing to <paramref name="writer"/>: on a terminal with the capabilities Spectre detects; elsewhere
    /// (a file, a pipe, a test's writer) without colour or other escape codes, which would end up in captured results.
    /// </summary>
    public static IAnsiConsole For(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        return output.IsTerminal
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = output })
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = output, Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
    }
}
