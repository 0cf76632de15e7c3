using System.Text.Json.Serialization;
using Amend.Models.Architectures;

namespace Amend.Editing.Hyperparameters;

/// <summary>
/// The EasyEdit keys ROME, MEMIT and their relatives (R-ROME, AlphaEdit, PMET) share: the edited layers, the token, the
/// v*/z search, the module templates and the statistics. Each method's record adds only its own keys.
/// </summary>
public abstract record LocateThenEditHyperparameters : IHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public abstract string AlgName { get; }

    /// <summary>The blocks whose MLP output projections are rewritten.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<int> Layers { get; init; }

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

    /// <summary>ROME: u = C⁻¹k* with C the keys' second moment (EasyEdit's default false). MEMIT and AlphaEdit read it for compatibility and always use C.</summary>
    [JsonPropertyName("mom2_adjustment")]
    public required bool Mom2Adjustment { get; init; }

    /// <summary>The rewritten projection, e.g. "transformer.h.{}.mlp.c_proj".</summary>
    [JsonPropertyName("rewrite_module_tmp")]
    public required string RewriteModuleTmp { get; init; }

    /// <summary>A block, e.g. "transformer.h.{}": z is added to the last edited block's output.</summary>
    [JsonPropertyName("layer_module_tmp")]
    public required string LayerModuleTmp { get; init; }

    /// <summary>The MLP, e.g. "transformer.h.{}.mlp" (checked, not used by MEMIT).</summary>
    [JsonPropertyName("mlp_module_tmp")]
    public required string MlpModuleTmp { get; init; }

    /// <summary>
    /// The attention sub-layer, e.g. "transformer.h.{}.attn", or its output projection (PMET's files name
    /// "transformer.h.{}.attn.out_proj"; both give the same output). Checked; only PMET uses it.
    /// </summary>
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

    /// <inheritdoc/>
    public abstract IReadOnlyList<string> Validate(ModelArchitecture architecture);

    /// <summary>The checks every locate-then-edit method shares: layers in range, the value search, the module templates, fact_token, mom2_dtype.</summary>
    protected IEnumerable<string> SharedProblems(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return LayerListText.OutOfRange(Layers, architecture.NumLayers).Concat(LocateThenEditChecks.ValueSearch(architecture, VNumGradSteps, VLr, VWeightDecay, ClampNormFactor, KlFactor, VLossLayer))
            .Concat(LocateThenEditChecks.StandardModules(architecture, RewriteModuleTmp, MlpModuleTmp, LayerModuleTmp, AttnModuleTmp, LnFModule, LmHeadModule))
            .Concat(LocateThenEditChecks.FactToken(FactToken)).Concat(LocateThenEditChecks.Mom2Dtype(Mom2Dtype));
    }
}
