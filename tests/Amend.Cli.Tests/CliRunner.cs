using System.CommandLine;

namespace Amend.Cli.Tests;

/// <summary>Runs the amend command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => Run(new StringWriter(), CancellationToken.None, args);

    /// <summary>Runs with <paramref name="output"/> as standard output and <paramref name="cancellation"/> standing in for Ctrl+C.</summary>
    public static (int ExitCode, string Output, string Error) Run(TextWriter output, CancellationToken cancellation, params string[] args)
    {
        var error = new StringWriter();
        int code = Program.Run(args, new InvocationConfiguration { Output = output, Error = error }, cancellation);
        return (code, output.ToString() ?? string.Empty, error.ToString());
    }
}
