using System.Diagnostics;
using Amend.Editing;
using Amend.Editing.Hyperparameters;

namespace Amend.Cli.Commands;

/// <summary>
/// An editor that lets the demo look at the edited model between the runner's edit and its undo, so one edit serves
/// both the metrics and the before/after table.
/// </summary>
/// <param name="inner">The editor doing the work.</param>
/// <param name="look">Called on the edited model right after each edit.</param>
internal sealed class ObservedEditor(IEditor inner, Func<EditableModel, IReadOnlyList<string>> look) : IEditor
{
    public string Method => inner.Method;

    public IHyperparameters Hyperparameters => inner.Hyperparameters;

    /// <summary>The last edit's result, or null before any edit succeeded.</summary>
    public EditResult? Result { get; private set; }

    /// <summary>What <c>look</c> saw after the last edit.</summary>
    public IReadOnlyList<string> Seen { get; private set; } = [];

    /// <summary>Seconds the last edit took.</summary>
    public double Seconds { get; private set; }

    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null)
    {
        long start = Stopwatch.GetTimestamp();
        var result = inner.Apply(model, request, options);
        Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Result = result;
        Seen = look(model);
        return result;
    }
}
