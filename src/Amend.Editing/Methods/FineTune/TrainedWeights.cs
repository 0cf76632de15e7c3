using Amend.Editing.Hyperparameters;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// The weights fine-tuning trains, as float32 copies marked RequireGrad that are swapped into the model's
/// parameter slots only while <see cref="Substitute"/> is in effect. The originals are never written, so the
/// model is bit-identical after the substitution ends, whatever happened during training; the edit itself
/// reaches the model only through <see cref="Deltas"/> and <see cref="WeightUpdate.Commit"/>.
/// </summary>
internal sealed class TrainedWeights
{
    private readonly Parameter[] _slots;
    private readonly Tensor[] _originals;
    private readonly float[][] _originalValues;
    private readonly float[][] _values;

    private TrainedWeights(Parameter[] slots)
    {
        _slots = slots;
        _originals = [.. slots.Select(s => s.Value)];
        _originalValues = [.. _originals.Select(t => t.ToArray())];
        _values = [.. _originalValues.Select(v => (float[])v.Clone())];

        // Tensor.Wrap shares the array, so the optimiser's in-place steps and the clamp below see the same values.
        Tensors = [.. _values.Select((v, i) => Tensor.Wrap(v, slots[i].Shape).RequireGrad())];
    }

    /// <summary>The trainable leaves, one per parameter, for the optimiser.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }

    /// <summary>The parameter names, in <see cref="Tensors"/> order.</summary>
    public IEnumerable<string> Names => _slots.Select(s => s.Name);

    /// <summary>The given parameters, and every parameter of the given modules ("transformer.h.0.mlp.c_proj" → its weight and bias).</summary>
    /// <exception cref="HyperparameterException">A name is neither a parameter nor a module with parameters in this model (rewrite_module_tmp naming a bias the model has not).</exception>
    public static TrainedWeights Of(CausalLanguageModel model, IEnumerable<string> names)
    {
        var slots = new List<Parameter>();
        foreach (string name in names)
        {
            var found = model.Parameters.Where(p => p.Name == name || p.Name.StartsWith(name + ".", StringComparison.Ordinal)).ToList();
            if (found.Count == 0) throw new HyperparameterException($"FT: rewrite_module_tmp names \"{name}\", but the {model.Architecture.ModelType} model has no parameter by that name nor a module of that name with parameters");
            slots.AddRange(found);
        }

        return new TrainedWeights([.. slots]);
    }

    /// <summary>Puts the trainable copies into the model; disposing puts the original tensors back.</summary>
    public IDisposable Substitute()
    {
        for (int i = 0; i < _slots.Length; i++) _slots[i].Value = Tensors[i];
        return new Restore(this);
    }

    /// <summary>Clamps every trained entry to [original − ε, original + ε] (float32 bounds, as torch.clamp).</summary>
    public void Clamp(float eps)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            float[] values = _values[i], originals = _originalValues[i];
            for (int j = 0; j < values.Length; j++) values[j] = Math.Clamp(values[j], originals[j] - eps, originals[j] + eps);
        }
    }

    /// <summary>Trained − original for each parameter, float32, in the parameter's own shape and layout.</summary>
    public IReadOnlyList<ParameterDelta> Deltas()
    {
        var deltas = new ParameterDelta[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            var delta = new float[_values[i].Length];
            System.Numerics.Tensors.TensorPrimitives.Subtract(_values[i], _originalValues[i], delta);
            deltas[i] = new ParameterDelta(_slots[i].Name, Tensor.Wrap(delta, _slots[i].Shape));
        }

        return deltas;
    }

    private sealed class Restore(TrainedWeights weights) : IDisposable
    {
        public void Dispose()
        {
            for (int i = 0; i < weights._slots.Length; i++) weights._slots[i].Value = weights._originals[i];
        }
    }
}
