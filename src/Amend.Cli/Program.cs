using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Amend.Cli.Commands;
using Amend.Models.Checkpoints;

namespace Amend.Cli;

/// <summary>The <c>amend</c> command line: one subcommand per job, each defined in Commands/.</summary>
internal static partial class Program
{
    private static int Main(string[] args) => Run(args, new InvocationConfiguration());

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (an unknown option, a value of the
    /// wrong type, a missing required option) is one line naming the command and the problem, exit code 2, like
    /// every other input error, rather than the whole help text. <paramref name="cancellation"/> stops a long command
    /// as Ctrl+C does (<see cref="CommandErrors.RunInterruptible"/>).
    /// </summary>
    internal static int Run(string[] args, InvocationConfiguration configuration, CancellationToken cancellation = default)
    {
        // Long commands listen for Ctrl+C themselves, for as long as they run, and stop where nothing is lost;
        // System.CommandLine's own handler would end the process two seconds after the signal, wherever it was.
        configuration.ProcessTerminationTimeout = null;

        // One culture for every user: "--lr 0.5" must not read as 5 where "." groups thousands, and the numbers
        // printed (1,234 tokens, 0.25 s) must read the same in every log and script.
        CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count == 0) return parse.InvokeAsync(configuration, cancellation).GetAwaiter().GetResult();
        var names = new List<string> { "amend" };
        for (var command = parse.CommandResult; command.Command is not RootCommand; command = (CommandResult)command.Parent!) names.Insert(1, command.Command.Name);
        string path = string.Join(' ', names);
        configuration.Error.WriteLine($"{path}: {string.Join("; ", parse.Errors.Select(e => PlainTypes(WithOption(e))))} (see {path} --help)");
        return 2;
    }

    // "Argument 'parallel' not recognized" says nothing of where it was given: the option's name goes first.
    private static string WithOption(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        string message = ListedChoices().Replace(error.Message, m => m.Value.StartsWith(':') ? " " : ", ");
        return option is null || message.Contains(option.Name, StringComparison.Ordinal) ? message : $"{option.Name}: {message}";
    }

    // System.CommandLine names the .NET type a value failed to parse as ('System.Nullable`1[System.Int32]'); it is
    // said in the words the YAML and config.json errors use, with an int's range, since too large a number fails too.
    private static string PlainTypes(string message) => ExpectedType().Replace(message, match =>
    {
        var type = Type.GetType(match.Groups[1].Value);
        if (type is null || FileValueTypes.Describe(type) is not string words) return match.Value;
        return (Nullable.GetUnderlyingType(type) ?? type) == typeof(int) ? $"as {words} from {int.MinValue} to {int.MaxValue}" : $"as {words}";
    });

    // "Must be one of:\n\t'a'\n\t'b'" becomes "Must be one of 'a', 'b'": the error stays one line.
    [GeneratedRegex(@":?\r?\n\t")]
    private static partial Regex ListedChoices();

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();

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
