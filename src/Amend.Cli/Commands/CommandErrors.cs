using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Journal;
using Amend.Evaluation.Datasets;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Tokenizers;

namespace Amend.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad paths, files, arguments) into one clear line and exit code 2.</summary>
internal static class CommandErrors
{
    /// <summary>Exit code of a command stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code of a run that finished and wrote its reports but in which nothing succeeded (every benchmark case failed).</summary>
    public const int NothingSucceeded = 3;

    public static int Run(string command, TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or ModelConfigException or CheckpointFormatException
            or WeightMismatchException or TokenizerFormatException or InvalidOperationException or NotSupportedException or UnauthorizedAccessException or HubException or HttpRequestException
            or DatasetFormatException or HyperparameterException or EditFailedException or JournalException)
        {
            error.WriteLine($"amend {command}: {UserMessage(e)}");
            return 2;
        }
    }

    /// <summary>
    /// <see cref="Run"/> for a command that can be stopped: Ctrl+C or SIGTERM while <paramref name="body"/> runs, or
    /// <paramref name="cancellation"/>, cancels the token it is given. A body that stops for it (having said what
    /// it kept, if anything) ends with one line saying so and <see cref="Interrupted"/>.
    /// </summary>
    public static int RunInterruptible(string command, TextWriter error, CancellationToken cancellation, Func<CancellationToken, int> body)
    {
        using var interruption = Interruption.Listen(error, cancellation);
        return Run(command, error, () =>
        {
            try
            {
                return body(interruption.Token);
            }
            catch (OperationCanceledException) when (interruption.Token.IsCancellationRequested)
            {
                error.WriteLine($"amend {command}: interrupted");
                return Interrupted;
            }
        });
    }

    // An ArgumentException's message ends in " (Parameter 'configJson')", a name from our code, not the command line,
    // and an ArgumentOutOfRangeException's adds a line "Actual value was 0.": the error is one line without them.
    private static string UserMessage(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null } && message.LastIndexOf('\n') is int line and >= 0) message = message[..line].TrimEnd('\r');
        return e is ArgumentException { ParamName: string name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? message[..^$" (Parameter '{name}')".Length]
            : message;
    }
}
