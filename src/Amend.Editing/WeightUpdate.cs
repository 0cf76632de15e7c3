using Amend.Editing.Hyperparameters;
using Amend.Models.Inference;

namespace Amend.Editing;

/// <summary>
/// The one place an edit touches a model: checks every delta, computes every new weight, and only then
/// swaps them all in, so a rejected edit leaves the model bit-identical.
/// </summary>
public static class WeightUpdate
{
    /// <summary>Applies <paramref name="deltas"/> (new = old + delta, in float32, stored at the weight's dtype) and returns the undoable result.</summary>
    /// <exception cref="EditFailedException">A delta has the wrong shape, names no weight, or holds NaN or infinity; nothing was changed.</exception>
    public static EditResult Commit(CausalLanguageModel model, string method, IHyperparameters hyperparameters,
        IReadOnlyList<EditRequest> requests, IReadOnlyList<ParameterDelta> deltas, IReadOnlyDictionary<string, double>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(deltas);
        var before = new Tensor[deltas.Count];
        var after = new Tensor[deltas.Count];
        for (int i = 0; i < deltas.Count; i++)
        {
            var delta = deltas[i];
            var parameter = Find(model, method, delta.Name);
            if (!delta.Delta.Shape.Equals(parameter.Shape)) throw new EditFailedException(method, $"delta for {delta.Name} has shape {delta.Delta.Shape}, the weight {parameter.Shape}");
            before[i] = parameter.Value;
            after[i] = Add(parameter.Value, delta.Delta, method, delta.Name);
        }

        if (deltas.Select(d => d.Name).Distinct().Count() != deltas.Count) throw new EditFailedException(method, "two deltas name the same weight");
        for (int i = 0; i < deltas.Count; i++) model.Parameter(deltas[i].Name).Value = after[i];
        return new EditResult(method, hyperparameters, requests, deltas, before, after, diagnostics ?? new Dictionary<string, double>());
    }

    private static Models.Layers.Parameter Find(CausalLanguageModel model, string method, string name)
    {
        try
        {
            return model.Parameter(name);
        }
        catch (KeyNotFoundException e)
        {
            throw new EditFailedException(method, e.Message, e);
        }
    }

    /// <summary>The new value of a weight: weight + delta in float32, stored at the weight's dtype. Journal replay uses the same arithmetic.</summary>
    internal static Tensor Add(Tensor weight, Tensor delta, string method, string name)
    {
        float[] sum;
        using (GradMode.Disable())
        {
            sum = weight.ToFloat32().Contiguous().Add(delta.Detach().ToFloat32()).ToArray();
        }

        int bad = Array.FindIndex(sum, v => !float.IsFinite(v));
        if (bad >= 0) throw new EditFailedException(method, $"the new {name} would hold {sum[bad]} at flat index {bad}");
        var result = Tensor.Wrap(sum, weight.Shape);
        if (weight.DType == DType.Float32) return result;

        // Checked again as stored: float16 turns anything from 65520 up into infinity.
        var stored = result.ToDType(weight.DType);
        bad = Array.FindIndex(stored.ToArray(), v => !float.IsFinite(v));
        if (bad >= 0) throw new EditFailedException(method, $"the new {name} would hold {sum[bad]} at flat index {bad}, beyond {weight.DType}'s range");
        return stored;
    }
}
