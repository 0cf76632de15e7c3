using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Memit;

/// <summary>
/// MEMIT's hyperparameters, bound to EasyEdit's <c>hparams/MEMIT/*.yaml</c> keys (every key its MEMITHyperParams
/// requires is required here; model_name, device, stats_dir, batch_size, max_length and model_parallel are runtime keys
/// the file reader accepts and ignores). Not sealed: AlphaEdit (<see cref="AlphaEdit.AlphaEditHyperparameters"/>) is
/// MEMIT's key set plus three.
/// </summary>
public record MemitHyperparameters : LocateThenEditHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public override string AlgName => "MEMIT";

    /// <summary>"all" or "random"; EasyEdit reads it and always edits all of layers, as here.</summary>
    [JsonPropertyName("layer_selection")]
    public required string LayerSelection { get; init; }

    /// <summary>λ in (λ·C + K·Kᵀ)⁻¹: how strongly the corpus keys' outputs are preserved.</summary>
    [JsonPropertyName("mom2_update_weight")]
    public required double Mom2UpdateWeight { get; init; }

    /// <summary>MEMIT's fixed context templates: "{}" and 5 generated texts of 10 tokens (EasyEdit's [(10, 5)]).</summary>
    [JsonIgnore]
    public IReadOnlyList<IReadOnlyList<int>> ContextTemplateLengthParams { get; } = [[10, 5]];

    /// <summary>The last edited layer, where z is optimised.</summary>
    [JsonIgnore]
    public int ZLayer => Layers[^1];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (Layers.Count == 0) problems.Add("layers: empty; give the blocks to edit, e.g. [13, 14, 15, 16, 17]");
        problems.AddRange(SharedProblems(architecture));
        if (Layers.Zip(Layers.Skip(1)).Any(p => p.First >= p.Second)) problems.Add($"layers: {LayerListText.Format(Layers)} must be strictly increasing (the residual is spread from the first to the last)");
        if (LayerSelection is not ("all" or "random")) problems.Add($"layer_selection: \"{LayerSelection}\" is not \"all\" or \"random\"");
        if (!(Mom2UpdateWeight >= 0) || !double.IsFinite(Mom2UpdateWeight)) problems.Add($"mom2_update_weight: must be finite and ≥ 0, got {LocateThenEditChecks.Format(Mom2UpdateWeight)}");
        if (Mom2NSamples < 1) problems.Add($"mom2_n_samples: must be ≥ 1, got {Mom2NSamples}");
        return problems;
    }
}
