using Amend.Cli.Output;
using Spectre.Console;

namespace Amend.Cli.Tests.Output;

public sealed class WriterConsoleTests
{
    [Fact]
    public void AWriterThatIsNoTerminal_GetsNoEscapeCodes_WhateverTheTerminalTypeSays()
    {
        // Given a colour terminal type in the environment, as a shell whose output is redirected to a file still has
        string? term = Environment.GetEnvironmentVariable("TERM"), colorTerm = Environment.GetEnvironmentVariable("COLORTERM");
        Environment.SetEnvironmentVariable("TERM", "xterm-256color");
        Environment.SetEnvironmentVariable("COLORTERM", "truecolor");
        try
        {
            // When styled text and a table go to a captured writer
            var writer = new StringWriter();
            var console = WriterConsole.For(writer);
            console.MarkupLine("[bold green]edited[/]");
            console.Write(new Table().Title("[grey]metrics[/]").AddColumn("metric").AddRow("reliability"));

            // Then the text is there, with no escape sequence around it
            Assert.Contains("edited", writer.ToString(), StringComparison.Ordinal);
            Assert.Contains("reliability", writer.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', writer.ToString());
            Assert.False(ProgressBars.DrawsLive(console));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TERM", term);
            Environment.SetEnvironmentVariable("COLORTERM", colorTerm);
        }
    }
}
