using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Rome;

/// <summary>
/// ROME's hyperparameters, bound to EasyEdit's <c>hparams/ROME/*.yaml</c> keys (every key its ROMEHyperParams
/// requires is required here). Not sealed: R-ROME (<see cref="RRomeHyperparameters"/>) is ROME with three more keys.
/// </summary>
/// <remarks>
/// v_loss_layer is read and checked but, as in EasyEdit's and the original ROME's compute_v, the objective reads the
/// model's final logits whatever its value (MEMIT's compute_z is the one that reads that layer).
/// </remarks>
public record RomeHyperparameters : LocateThenEditHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public override string AlgName => "ROME";

    /// <summary>[token length, count] pairs of generated context templates.</summary>
    [JsonPropertyName("context_template_length_params")]
    public required IReadOnlyList<IReadOnlyList<int>> ContextTemplateLengthParams { get; init; }

    /// <summary>Whether u is built from the mean key over the context templates (ROME) or from the prompt's key alone.</summary>
    [JsonIgnore]
    public virtual bool KeysFromTemplates => true;

    /// <summary>
    /// Whether the right vector uses the mean key and value over the context templates with v* = v₀ + δ (R-ROME), or,
    /// as the original ROME, the prompt's own key and value with v* = value + δ.
    /// </summary>
    [JsonIgnore]
    public virtual bool ValueFromTemplates => false;

    /// <summary>The single rewritten layer.</summary>
    [JsonIgnore]
    public int Layer => Layers[0];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (Layers.Count != 1) problems.Add($"layers: {AlgName} edits exactly one layer, got {LayerListText.Format(Layers)} (MEMIT spreads an edit over several)");
        problems.AddRange(SharedProblems(architecture));
        if (Mom2Adjustment && Mom2NSamples < 1) problems.Add($"mom2_n_samples: must be ≥ 1 with mom2_adjustment, got {Mom2NSamples}");
        foreach (var pair in ContextTemplateLengthParams.Where(p => p is null || p.Count != 2 || p[0] < 1 || p[1] < 0))
        {
            problems.Add($"context_template_length_params: [{string.Join(", ", pair ?? [])}] is not a [length ≥ 1, count ≥ 0] pair");
        }

        return problems;
    }
}
