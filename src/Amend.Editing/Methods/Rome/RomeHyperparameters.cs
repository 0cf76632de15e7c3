using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Rome;

/// <summary>
/// ROME's hyperparameters, bound to EasyEdit's <c>hparams/ROME/*.yaml</c> keys (every key its ROMEHyperParams
/// requires is required here). Not sealed: R-ROME (<see cref="RRomeHyperparameters"/>) is ROME with three more keys.
/// </summary>
public record RomeHyperparameters : IHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public virtual string AlgName => "ROME";

    /// <summary>The one block whose MLP output projection is rewritten.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>The token whose key is rewritten: "subject_last" (ROME), "subject_first", "subject_first_after_last", "last".</summary>
    [JsonPropertyName("fact_token")]
    public required string FactToken { get; init; }

    /// <summary>Forward passes of the v* search (the last takes no step).</summary>
    [JsonPropertyName("v_num_grad_steps")]
    public required int VNumGradSteps { get; init; }

    /// <summary>Adam's learning rate in the v* search.</summary>
    [JsonPropertyName("v_lr")]
    public required double VLr { get; init; }

    /// <summary>
    /// Read and checked, but, as in EasyEdit's and the original ROME's compute_v, the objective reads the model's final
    /// logits whatever its value (MEMIT's compute_z is the one that reads this layer).
    /// </summary>
    [JsonPropertyName("v_loss_layer")]
    public required int VLossLayer { get; init; }

    /// <summary>Weight of ‖δ‖ / ‖v₀‖² in the v* loss.</summary>
    [JsonPropertyName("v_weight_decay")]
    public required double VWeightDecay { get; init; }

    /// <summary>‖δ‖ is kept at most this multiple of ‖v₀‖.</summary>
    [JsonPropertyName("clamp_norm_factor")]
    public required double ClampNormFactor { get; init; }

    /// <summary>Weight of the KL term on "{subject} is a".</summary>
    [JsonPropertyName("kl_factor")]
    public required double KlFactor { get; init; }

    /// <summary>Whether u = C⁻¹k* with C the keys' second moment (original ROME) instead of k* (EasyEdit's default false).</summary>
    [JsonPropertyName("mom2_adjustment")]
    public required bool Mom2Adjustment { get; init; }

    /// <summary>[token length, count] pairs of generated context templates.</summary>
    [JsonPropertyName("context_template_length_params")]
    public required IReadOnlyList<IReadOnlyList<int>> ContextTemplateLengthParams { get; init; }

    /// <summary>The rewritten projection, e.g. "transformer.h.{}.mlp.c_proj".</summary>
    [JsonPropertyName("rewrite_module_tmp")]
    public required string RewriteModuleTmp { get; init; }

    /// <summary>A block, e.g. "transformer.h.{}".</summary>
    [JsonPropertyName("layer_module_tmp")]
    public required string LayerModuleTmp { get; init; }

    /// <summary>The MLP whose output receives δ, e.g. "transformer.h.{}.mlp".</summary>
    [JsonPropertyName("mlp_module_tmp")]
    public required string MlpModuleTmp { get; init; }

    /// <summary>The attention sub-layer, e.g. "transformer.h.{}.attn" (checked, not used by ROME).</summary>
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
    public virtual IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (Layers.Count != 1) problems.Add($"layers: {AlgName} edits exactly one layer, got [{string.Join(", ", Layers)}] (MEMIT spreads an edit over several)");
        problems.AddRange(Layers.Where(l => l < 0 || l >= architecture.NumLayers).Select(l => $"layers: {l} is out of range 0..{architecture.NumLayers - 1}"));
        problems.AddRange(LocateThenEditChecks.ValueSearch(architecture, VNumGradSteps, VLr, VWeightDecay, ClampNormFactor, KlFactor, VLossLayer));
        if (Mom2Adjustment && Mom2NSamples < 1) problems.Add($"mom2_n_samples: must be ≥ 1 with mom2_adjustment, got {Mom2NSamples}");
        foreach (var pair in ContextTemplateLengthParams.Where(p => p.Count != 2 || p[0] < 1 || p[1] < 0))
        {
            problems.Add($"context_template_length_params: [{string.Join(", ", pair)}] is not a [length ≥ 1, count ≥ 0] pair");
        }

        problems.AddRange(LocateThenEditChecks.StandardModules(architecture, RewriteModuleTmp, MlpModuleTmp, LayerModuleTmp, AttnModuleTmp, LnFModule, LmHeadModule));
        problems.AddRange(LocateThenEditChecks.FactToken(FactToken));
        return problems;
    }
}
