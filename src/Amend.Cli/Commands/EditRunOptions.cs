using System.CommandLine;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;

namespace Amend.Cli.Commands;

/// <summary>Options that make an edit reproducible against other implementations, shared by edit and bench.</summary>
internal sealed class EditRunOptions
{
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for every random choice of the method.", DefaultValueFactory = _ => 0 };

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

    /// <summary>The edit options; <paramref name="progress"/> hears the method's steps and a statistics corpus pass's rows.</summary>
    public EditOptions Build(ParseResult parse, string modelArgument, ICollection<string> warnings, CancellationToken cancellation, IProgress<EditProgress>? progress = null) => new()
    {
        Seed = parse.GetValue(Seed),
        ContextTemplates = parse.GetValue(ContextTemplates) is string path ? Editing.Shared.ContextTemplates.ReadJson(path) : null,
        Statistics = Statistics.Build(parse, modelArgument, cancellation, AsEditStep(progress)),
        Warnings = warnings,
        Cancellation = cancellation,
        Progress = progress,
    };

    // A corpus pass's rows are shown as one more step of the edit.
    private static IProgress<StatisticsProgress>? AsEditStep(IProgress<EditProgress>? progress) =>
        progress is null ? null : new ImmediateProgress<StatisticsProgress>(p => progress.Report(p.AsEditStep()));
}
