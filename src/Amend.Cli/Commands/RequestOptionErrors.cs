using Amend.Editing;
using Amend.Models.Inference;

namespace Amend.Cli.Commands;

/// <summary>
/// Says an edit request's error in the command line's words when the request came from options: "--target: ..."
/// rather than EasyEdit's field name ("edit request field "target_new": ..."), which a user typing --target never wrote.
/// </summary>
internal static class RequestOptionErrors
{
    private static readonly Dictionary<string, string> OptionOfField = new(StringComparer.Ordinal)
    {
        ["prompt"] = "--prompt",
        ["subject"] = "--subject",
        ["target_new"] = "--target",
        ["target"] = "--target",
        ["ground_truth"] = "--ground-truth",
    };

    /// <summary>Runs <paramref name="work"/>, naming the option behind a request field it rejects.</summary>
    public static T Run<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (EditRequestException e) when (e.Where is null && OptionOfField.TryGetValue(e.Field, out string? option))
        {
            throw new ArgumentException($"{option}: {e.Problem}", e);
        }
        catch (SequenceTooLongException e)
        {
            // The request's own text (with whatever context the method adds) is what the model cannot hold.
            throw new ArgumentException($"--prompt and --target: {e.Message}; shorten them", e);
        }
    }

    /// <inheritdoc cref="Run{T}(Func{T})"/>
    public static void Run(Action work) => Run(() =>
    {
        work();
        return 0;
    });
}
