using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Editing.Shared;

/// <summary>
/// Weights changed only for the duration of a computation, as MEMIT's layer loop needs: layer l's keys are read with
/// the updates of the layers before it in place. Disposing restores the exact original tensors, so an edit that
/// fails midway (or finishes and then commits through <see cref="WeightUpdate.Commit"/>) leaves no trace of it.
/// </summary>
internal sealed class WeightOverlay(CausalLanguageModel model, string method) : IDisposable
{
    private readonly List<(Parameter Parameter, Tensor Original)> _originals = [];

    /// <summary>Sets <paramref name="name"/> to its original value + <paramref name="delta"/> (float32, the weight's layout).</summary>
    /// <exception cref="EditFailedException">No such weight, a shape mismatch, or a non-finite result.</exception>
    public void Add(string name, Tensor delta)
    {
        Parameter parameter;
        try
        {
            parameter = model.Parameter(name);
        }
        catch (KeyNotFoundException e)
        {
            throw new EditFailedException(method, e.Message, e);
        }

        if (!delta.Shape.Equals(parameter.Shape)) throw new EditFailedException(method, $"delta for {name} has shape {delta.Shape}, the weight {parameter.Shape}");
        var updated = WeightUpdate.Add(parameter.Value, delta, method, name);
        _originals.Add((parameter, parameter.Value));
        parameter.Value = updated;
    }

    /// <summary>Puts every original tensor back, last change first.</summary>
    public void Dispose()
    {
        for (int i = _originals.Count - 1; i >= 0; i--) _originals[i].Parameter.Value = _originals[i].Original;
        _originals.Clear();
    }
}
