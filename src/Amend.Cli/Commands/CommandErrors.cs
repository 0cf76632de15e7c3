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
