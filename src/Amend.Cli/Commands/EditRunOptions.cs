using System.CommandLine;
using Amend.Editing;
using Amend.Editing.Shared;

namespace Amend.Cli.Commands;

/// <summary>Options that make an edit reproducible against other implementations, shared by edit and bench.</summary>
internal sealed class EditRunOptions
{
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for every random choice of the method." };

    public Option<string?> ContextTemplates { get; } = new("--context-templates")
    {
        Description = "JSON list of context templates (or EasyEdit's context_templates.json) to use instead of sampling them.",
    };

    public StatisticsSourceOptions Statistics { get; } = new();

    public void AddTo(Command command)
    {
        command.Add(Seed);
        command.Add(ContextTemplates);
        Statistics.AddTo(command);
    }

    public EditOptions Build(ParseResult parse, string modelArgument, ICollection<string> warnings, CancellationToken cancellation) => new()
    {
        Seed = parse.GetValue(Seed),
        ContextTemplates = parse.GetValue(ContextTemplates) is string path ? Editing.Shared.ContextTemplates.ReadJson(path) : null,
        Statistics = Statistics.Build(parse, modelArgument, cancellation),
        Warnings = warnings,
        Cancellation = cancellation,
    };
}
