using System.CommandLine;
using Amend.Editing;

namespace Amend.Cli.Commands;

/// <summary>Options that make an edit reproducible against other implementations, shared by edit and bench.</summary>
internal sealed class EditRunOptions
{
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for every random choice of the method." };

    public void AddTo(Command command)
    {
        command.Add(Seed);
    }

    public EditOptions Build(ParseResult parse, ICollection<string> warnings) => new()
    {
        Seed = parse.GetValue(Seed),
        Warnings = warnings,
    };
}
