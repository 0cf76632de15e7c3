using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;

namespace Amend.Editing.Methods.Kne;

/// <summary>How the integrated-gradient path scales the attributed weights (KNE's <c>ig_scaling</c>).</summary>
[JsonConverter(typeof(NamedEnumConverter<KneScaling>))]
public enum KneScaling
{
    /// <summary>
    /// <c>together</c>: every attributed layer moves from 0 to its weight at once, W'ₗ = (k/m)·Wₗ for all l, so the
    /// attribution costs m forward+backward passes and completeness holds for the sum over all layers:
    /// Σ scores ≈ P(W) − P(all attributed projections zero).
    /// </summary>
    [JsonStringEnumMemberName("together")]
    Together,

    /// <summary>
    /// <c>per_layer</c>: one layer at a time, the others at their weights (Dai et al.'s knowledge-neuron path), so
    /// each layer's scores sum to P(W) − P(that projection zero); costs L·m forward+backward passes.
    /// </summary>
    [JsonStringEnumMemberName("per_layer")]
    PerLayer,
}
