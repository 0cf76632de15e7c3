using Amend.Models.Inference;
namespace Amend.Evaluation.Running;

/// <summary>
/// Applies edits for the runner, timing them and keeping their results so they can be undone in reverse
/// order. A request the editor rejects (invalid, too long for the model, or a failed solve) is reported, not
/// thrown: the run goes on.
/// </summary>
internal sealed class EditSession(EditableModel model, IEditor editor, EditOptions options)
{
    private readonly Stack<EditResult> _applied = new();
    private readonly Stopwatch _clock = new();

    /// <summary>Time spent inside the editor.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Requests currently applied.</summary>
    public int RequestsApplied { get; private set; }

    /// <summary>Applies the requests one after another (batch: all in one update); on failure undoes this call's edits and returns the error.</summary>
    public (string? Error, IReadOnlyDictionary<string, double> Diagnostics, double Seconds) Apply(IReadOnlyList<EditRequest> requests, bool batch)
    {
        int mark = _applied.Count, before = RequestsApplied;
        var diagnostics = new Dictionary<string, double>();
        var start = _clock.Elapsed;
        try
        {
            _clock.Start();
            foreach (var result in batch ? [((IBatchEditor)editor).ApplyBatch(model, requests, options)] : requests.Select(r => editor.Apply(model, r, options)))
            {
                _applied.Push(result);
                foreach (var (name, value) in result.Diagnostics) diagnostics[name] = value;
            }

            RequestsApplied += requests.Count;
            return (null, diagnostics, (_clock.Elapsed - start).TotalSeconds);
        }
        catch (Exception e) when (e is EditRequestException or EditFailedException or SequenceTooLongException)
        {
            _clock.Stop();
            UndoTo(mark);
            RequestsApplied = before;
            return (e.Message, diagnostics, (_clock.Elapsed - start).TotalSeconds);
        }
        finally
        {
            _clock.Stop();
        }
    }

    /// <summary>Undoes every edit still applied, newest first, leaving the original weights.</summary>
    public void UndoAll()
    {
        UndoTo(0);
        RequestsApplied = 0;
    }

    private void UndoTo(int count)
    {
        while (_applied.Count > count) _applied.Pop().Undo(model.Model);
    }
}
