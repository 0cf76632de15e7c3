using Amend.Editing.Hyperparameters;
using Amend.Models.Inference;

namespace Amend.Editing;

/// <summary>
/// What one applied edit changed: the parameter deltas, and the exact original tensors so that
/// <see cref="Undo"/> restores the weights bit for bit.
/// </summary>
public sealed class EditResult
{
    private readonly IReadOnlyList<Tensor> _before;
    private readonly IReadOnlyList<Tensor> _after;

    internal EditResult(string method, IHyperparameters hyperparameters, IReadOnlyList<EditRequest> requests,
        IReadOnlyList<ParameterDelta> deltas, IReadOnlyList<Tensor> before, IReadOnlyList<Tensor> after,
        IReadOnlyDictionary<string, double> diagnostics)
    {
        Method = method;
        Hyperparameters = hyperparameters;
        Requests = requests;
        Deltas = deltas;
        _before = before;
        _after = after;
        Diagnostics = diagnostics;
    }

    /// <summary>The method that made the edit.</summary>
    public string Method { get; }

    /// <summary>The hyperparameters it ran with.</summary>
    public IHyperparameters Hyperparameters { get; }

    /// <summary>The facts written.</summary>
    public IReadOnlyList<EditRequest> Requests { get; }

    /// <summary>Each changed weight with its float32 delta.</summary>
    public IReadOnlyList<ParameterDelta> Deltas { get; }

    /// <summary>The tensors the changed weights held before the edit, in <see cref="Deltas"/> order.</summary>
    public IReadOnlyList<Tensor> Before => _before;

    /// <summary>Numbers the method reports about its own run (final loss, steps, clamped norm...), by name.</summary>
    public IReadOnlyDictionary<string, double> Diagnostics { get; }

    /// <summary>
    /// Run by <see cref="Undo"/> after the weights are restored: an editor that keeps state across edits (AlphaEdit's
    /// accumulated keys) takes this edit's part of it back.
    /// </summary>
    internal Action? AfterUndo { get; set; }

    /// <summary>Whether the model still holds exactly the weights this edit wrote (no later edit on top).</summary>
    public bool IsCurrent(CausalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Deltas.Select((d, i) => ReferenceEquals(model.Parameter(d.Name).Value, _after[i])).All(x => x);
    }

    /// <summary>Restores every changed weight to the exact tensor it held before the edit (and the editor's own state, for editors that keep one).</summary>
    /// <exception cref="InvalidOperationException">A later edit changed one of these weights; undo that one first.</exception>
    public void Undo(CausalLanguageModel model)
    {
        if (!IsCurrent(model)) throw new InvalidOperationException($"cannot undo this {Method} edit: a later edit changed its weights; undo edits in reverse order");
        for (int i = 0; i < Deltas.Count; i++) model.Parameter(Deltas[i].Name).Value = _before[i];
        AfterUndo?.Invoke();
    }
}
