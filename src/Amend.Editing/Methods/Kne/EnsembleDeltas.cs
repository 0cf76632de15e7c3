using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Editing.Methods.Kne;

/// <summary>
/// KNE's trainable edit: per layer a dense delta Δₗ (a float32 leaf, zero at start) seen by the model only through
/// W_eff = Wₗ + (mask ⊙ Δₗ)·α/√nₗ, where mask is 1 on the ensemble's nₗ positions and 0 elsewhere. Elements outside
/// the ensemble get a zero gradient, so Adam leaves their Δ at exactly 0, and the mask zeroes them regardless.
/// The effective weights are in the model's slots only between <see cref="Install"/> and disposing its result;
/// the originals are never written, and the edit reaches the model only through <see cref="Deltas"/>.
/// </summary>
internal sealed class EnsembleDeltas
{
    private readonly Layer[] _layers;

    private EnsembleDeltas(Layer[] layers)
    {
        _layers = layers;
    }

    /// <summary>The trainable leaves, one per layer with a non-empty ensemble.</summary>
    public IReadOnlyList<Tensor> Leaves => [.. _layers.Select(l => l.Delta)];

    /// <summary>A zero delta for each layer of <paramref name="ensemble"/> that has positions; scale α/√nₗ.</summary>
    /// <exception cref="EditFailedException">The ensemble names a weight the model lacks or a position past a weight's end (a damaged or foreign ensemble cache).</exception>
    public static EnsembleDeltas For(CausalLanguageModel model, KnowledgeEnsemble ensemble, double alpha)
    {
        var layers = new List<Layer>();
        foreach (var part in ensemble.Layers.Where(p => p.Positions.Length > 0))
        {
            Parameter slot;
            try
            {
                slot = model.Parameter(part.Weight);
            }
            catch (KeyNotFoundException e)
            {
                throw new EditFailedException("KNE", $"the ensemble names {part.Weight}, which this {model.Architecture.ModelType} model does not have (a damaged or foreign ensemble cache file? delete it to recompute)", e);
            }

            var mask = new float[slot.Shape.ElementCount];
            foreach (int position in part.Positions)
            {
                if ((uint)position >= (uint)mask.Length) throw new EditFailedException("KNE", $"the ensemble gives position {position} in {part.Weight}, which has {mask.Length} elements (a damaged ensemble cache file? delete it to recompute)");
                mask[position] = 1f;
            }

            var weight = Tensor.Wrap(slot.Value.ToArray(), slot.Shape);
            float scale = (float)(alpha / Math.Sqrt(part.Positions.Length));
            layers.Add(new Layer(slot, weight, Tensor.Wrap(mask, slot.Shape), Tensor.Zeros(slot.Shape).RequireGrad(), scale));
        }

        return new EnsembleDeltas([.. layers]);
    }

    /// <summary>Puts freshly recorded W_eff into the slots (the graph is consumed by each backward, so once per step); disposing puts the originals back.</summary>
    public IDisposable Install()
    {
        // Every new value first, then the swaps, which cannot fail: a failure computing one leaves all slots as they were.
        var originals = _layers.Select(l => l.Slot.Value).ToArray();
        var installed = _layers.Select(l => l.Weight.Add(l.Change())).ToArray();
        for (int i = 0; i < _layers.Length; i++) _layers[i].Slot.Value = installed[i];
        return new Restore(_layers, originals);
    }

    /// <summary>(mask ⊙ Δₗ)·α/√nₗ per layer, float32 in the weight's layout: exactly what <see cref="Install"/> added.</summary>
    public IReadOnlyList<ParameterDelta> Deltas()
    {
        using var _ = GradMode.Disable();
        return [.. _layers.Select(l => new ParameterDelta(l.Slot.Name, Tensor.Wrap(l.Change().ToArray(), l.Slot.Shape)))];
    }

    private sealed record Layer(Parameter Slot, Tensor Weight, Tensor Mask, Tensor Delta, float Scale)
    {
        public Tensor Change() => Mask.Mul(Delta).MulScalar(Scale);
    }

    private sealed class Restore(Layer[] layers, Tensor[] originals) : IDisposable
    {
        public void Dispose()
        {
            for (int i = 0; i < layers.Length; i++) layers[i].Slot.Value = originals[i];
        }
    }
}
