using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>Says, after a save, which folders beside it an earlier save left when its process was killed.</summary>
internal static class SaveLeftovers
{
    // A save of the largest model we load takes minutes; an hour untouched is no save in progress.
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);

    public static void Warn(TextWriter error, string destination)
    {
        CommandWarnings.Write(error, ModelSaver.Leftovers(destination, Age)
            .Select(folder => $"{folder} is left from a save to {destination} that was killed before it finished; delete it if no other amend is saving there"));
    }
}
