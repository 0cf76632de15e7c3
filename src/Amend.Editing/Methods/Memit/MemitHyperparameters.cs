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
public record MemitHyperparameters : IHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public virtual string AlgName => "MEMIT";

    /// <summary>The blocks whose MLP output projections share the edit, in increasing order; z lives at the last one.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>"all" or "random"; EasyEdit reads it and always edits all of <see cref="Layers"/>, as here.</summary>
    [JsonPropertyName("layer_selection")]
    public required string LayerSelection { get; init; }

    /// <summary>The token whose key is rewritten: "subject_last" (MEMIT), "subject_first", "subject_first_after_last", "last".</summary>
    [JsonPropertyName("fact_token")]
    public required string FactToken { get; init; }

    /// <summary>Forward passes of the z search (the last takes no step).</summary>
    [JsonPropertyName("v_num_grad_steps")]
    public required int VNumGradSteps { get; init; }

    /// <summary>Adam's learning rate in the z search.</summary>
    [JsonPropertyName("v_lr")]
    public required double VLr { get; init; }

    /// <summary>The block whose output the z objective reads (at least the last edited layer); the last block gives the model's own logits.</summary>
    [JsonPropertyName("v_loss_layer")]
    public required int VLossLayer { get; init; }

    /// <summary>Weight of ‖δ‖ / ‖h₀‖² in the z loss.</summary>
    [JsonPropertyName("v_weight_decay")]
    public required double VWeightDecay { get; init; }

    /// <summary>‖δ‖ is kept at most this multiple of ‖h₀‖.</summary>
    [JsonPropertyName("clamp_norm_factor")]
    public required double ClampNormFactor { get; init; }

    /// <summary>Weight of the KL term on "{subject} is a".</summary>
    [JsonPropertyName("kl_factor")]
    public required double KlFactor { get; init; }

    /// <summary>Read for EasyEdit compatibility; MEMIT always uses the second moment (λ = <see cref="Mom2UpdateWeight"/>).</summary>
    [JsonPropertyName("mom2_adjustment")]
    public required bool Mom2Adjustment { get; init; }

    /// <summary>λ in (λ·C + K·Kᵀ)⁻¹: how strongly the corpus keys' outputs are preserved.</summary>
    [JsonPropertyName("mom2_update_weight")]
    public required double Mom2UpdateWeight { get; init; }

    /// <summary>The rewritten projection, e.g. "transformer.h.{}.mlp.c_proj".</summary>
    [JsonPropertyName("rewrite_module_tmp")]
    public required string RewriteModuleTmp { get; init; }

    /// <summary>A block, e.g. "transformer.h.{}": z is added to the last edited block's output.</summary>
    [JsonPropertyName("layer_module_tmp")]
    public required string LayerModuleTmp { get; init; }

    /// <summary>The MLP, e.g. "transformer.h.{}.mlp" (checked, not used by MEMIT).</summary>
    [JsonPropertyName("mlp_module_tmp")]
    public required string MlpModuleTmp { get; init; }

    /// <summary>The attention sub-layer, e.g. "transformer.h.{}.attn" (checked, not used by MEMIT).</summary>
    [JsonPropertyName("attn_module_tmp")]
    public required string AttnModuleTmp { get; init; }

    /// <summary>The final norm, e.g. "transformer.ln_f" (checked; the model applies it itself).</summary>
    [JsonPropertyName("ln_f_module")]
    public required string LnFModule { get; init; }

    /// <summary>The LM head, e.g. "transformer.wte" for GPT-2's tied head (checked; the model applies it itself).</summary>
    [JsonPropertyName("lm_head_module")]
    public required string LmHeadModule { get; init; }

    /// <summary>Corpus of the second-moment statistics ("wikipedia", "wikitext2").</summary>
    [JsonPropertyName("mom2_dataset")]
    public required string Mom2Dataset { get; init; }

    /// <summary>Corpus rows the statistics are over.</summary>
    [JsonPropertyName("mom2_n_samples")]
    public required int Mom2NSamples { get; init; }

    /// <summary>The dtype the statistics were accumulated in ("float32").</summary>
    [JsonPropertyName("mom2_dtype")]
    public required string Mom2Dtype { get; init; }

    /// <summary>MEMIT's fixed context templates: "{}" and 5 generated texts of 10 tokens (EasyEdit's [(10, 5)]).</summary>
    [JsonIgnore]
    public IReadOnlyList<IReadOnlyList<int>> ContextTemplateLengthParams { get; } = [[10, 5]];

    /// <summary>The last edited layer, where z is optimised.</summary>
    [JsonIgnore]
    public int ZLayer => Layers[^1];

    /// <inheritdoc/>
    public virtual IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (Layers.Count == 0) problems.Add("layers: empty; give the blocks to edit, e.g. [13, 14, 15, 16, 17]");
        problems.AddRange(Layers.Where(l => l < 0 || l >= architecture.NumLayers).Select(l => $"layers: {l} is out of range 0..{architecture.NumLayers - 1}"));
        if (Layers.Zip(Layers.Skip(1)).Any(p => p.First >= p.Second)) problems.Add($"layers: [{string.Join(", ", Layers)}] must be strictly increasing (the residual is spread from the first to the last)");
        if (LayerSelection is not ("all" or "random")) problems.Add($"layer_selection: \"{LayerSelection}\" is not \"all\" or \"random\"");
        problems.AddRange(LocateThenEditChecks.ValueSearch(architecture, VNumGradSteps, VLr, VWeightDecay, ClampNormFactor, KlFactor, VLossLayer));
        if (!(Mom2UpdateWeight >= 0) || !double.IsFinite(Mom2UpdateWeight)) problems.Add($"mom2_update_weight: must be finite and ≥ 0, got {LocateThenEditChecks.Format(Mom2UpdateWeight)}");
        if (Mom2NSamples < 1) problems.Add($"mom2_n_samples: must be ≥ 1, got {Mom2NSamples}");
        problems.AddRange(LocateThenEditChecks.StandardModules(architecture, RewriteModuleTmp, MlpModuleTmp, LayerModuleTmp, AttnModuleTmp, LnFModule, LmHeadModule));
        problems.AddRange(LocateThenEditChecks.FactToken(FactToken));
        return problems;
    }
}
