using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// EasyEdit's FT hyperparameters (<c>hparams/FT/*.yaml</c>, alg_name "FT"), key for key. Keys EasyEdit requires
/// are <c>required</c>; <c>batch_size</c> and <c>max_length</c> keep EasyEdit's defaults. The runtime keys
/// model_name, device and model_parallel are read and ignored, as for every method.
/// </summary>
public sealed record FineTuneHyperparameters : IHyperparameters
{
    /// <summary>"FT" for both FT-L and FT-M; <see cref="Objective"/> tells them apart.</summary>
    [JsonPropertyName("alg_name")]
    public string AlgName => "FT";

    /// <summary>Layers whose <see cref="RewriteModuleTemplate"/> module (weight and bias) or parameter is trained.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Epochs: passes over all requests, each one Adam step per batch. Training stops early when an epoch's mean loss is below 0.01.</summary>
    [JsonPropertyName("num_steps")]
    public required int NumSteps { get; init; }

    /// <summary>Adam's learning rate.</summary>
    [JsonPropertyName("lr")]
    public required double LearningRate { get; init; }

    /// <summary>Adam's L2 penalty λ (added to the gradient, as <c>torch.optim.Adam</c>).</summary>
    [JsonPropertyName("weight_decay")]
    public required double WeightDecay { get; init; }

    /// <summary>Read for compatibility; EasyEdit's FT never uses it, and neither does Amend (a non-zero value is warned about).</summary>
    [JsonPropertyName("kl_factor")]
    public required double KlFactor { get; init; }

    /// <summary>
    /// ε of the clamp after every step: each trained entry stays within [original − ε, original + ε], so
    /// |Δ| ≤ ε elementwise. Null (YAML <c>false</c>) trains without a clamp.
    /// </summary>
    [JsonPropertyName("norm_constraint")]
    [JsonConverter(typeof(NormConstraintConverter))]
    public required double? NormConstraint { get; init; }

    /// <summary>The loss: FT-L (prompt_last) or FT-M (target_new).</summary>
    [JsonPropertyName("objective_optimization")]
    public required FineTuneObjective Objective { get; init; }

    /// <summary>The trained module with "{}" for the layer, e.g. "transformer.h.{}.mlp.c_proj".</summary>
    [JsonPropertyName("rewrite_module_tmp")]
    public required string RewriteModuleTemplate { get; init; }

    /// <summary>EasyEdit's block template; FT does not use it.</summary>
    [JsonPropertyName("layer_module_tmp")]
    public required string LayerModuleTemplate { get; init; }

    /// <summary>EasyEdit's MLP template; FT does not use it.</summary>
    [JsonPropertyName("mlp_module_tmp")]
    public required string MlpModuleTemplate { get; init; }

    /// <summary>EasyEdit's attention template; FT does not use it.</summary>
    [JsonPropertyName("attn_module_tmp")]
    public required string AttentionModuleTemplate { get; init; }

    /// <summary>EasyEdit's final-norm name; FT does not use it.</summary>
    [JsonPropertyName("ln_f_module")]
    public required string FinalNormModule { get; init; }

    /// <summary>EasyEdit's LM-head name; FT does not use it.</summary>
    [JsonPropertyName("lm_head_module")]
    public required string LmHeadModule { get; init; }

    /// <summary>Requests per Adam step (EasyEdit default 64). Requests of different lengths in one batch are left-padded.</summary>
    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; } = 64;

    /// <summary>EasyEdit's default 40; its FT does not truncate with it, and neither does Amend.</summary>
    [JsonPropertyName("max_length")]
    public int MaxLength { get; init; } = 40;

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (Layers is null || Layers.Count == 0) problems.Add("layers: give at least one layer to train");
        else problems.AddRange(LayerListText.Repeated(Layers));
        problems.AddRange(LayerListText.OutOfRange(Layers, architecture.NumLayers));

        if (ModuleProblem(architecture) is string module) problems.Add(module);
        if (NumSteps < 1) problems.Add($"num_steps: must be at least 1, got {NumSteps}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) problems.Add($"lr: must be a finite number > 0, got {LearningRate}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) problems.Add($"weight_decay: must be a finite number ≥ 0, got {WeightDecay}");
        if (NormConstraint is double eps && (!(eps > 0) || double.IsInfinity(eps))) problems.Add($"norm_constraint: must be a finite number > 0 or false (no clamp), got {eps}");
        if (BatchSize < 1) problems.Add($"batch_size: must be at least 1, got {BatchSize}");
        return problems;
    }

    /// <summary>
    /// What is trained at <paramref name="layer"/>: a module, whose weight and bias are trained ("transformer.h.0.mlp.c_proj"),
    /// or one parameter of it ("model.layers.0.mlp.down_proj.weight"). EasyEdit trains every parameter whose name
    /// contains the formatted template, and its LLaMA, Mistral and Qwen recipes name the weight that way.
    /// </summary>
    /// <exception cref="HyperparameterException">rewrite_module_tmp is not a per-layer module (or a module's weight or bias) of this architecture.</exception>
    public string TrainedName(ModelArchitecture architecture, int layer)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (ModuleProblem(architecture) is string problem) throw new HyperparameterException(problem);
        var (module, parameter) = SplitTemplate();
        string name = architecture.ModuleName(architecture.Resolve(module).Role, layer);
        return parameter is null ? name : $"{name}.{parameter}";
    }

    // The module template and the parameter it names after it, if any.
    private (string Module, string? Parameter) SplitTemplate()
    {
        foreach (string parameter in new[] { "weight", "bias" })
        {
            if (RewriteModuleTemplate.EndsWith("." + parameter, StringComparison.Ordinal)) return (RewriteModuleTemplate[..^(parameter.Length + 1)], parameter);
        }

        return (RewriteModuleTemplate, null);
    }

    private string? ModuleProblem(ModelArchitecture architecture)
    {
        if (string.IsNullOrEmpty(RewriteModuleTemplate) || !RewriteModuleTemplate.Contains("{}", StringComparison.Ordinal))
        {
            return $"rewrite_module_tmp: \"{RewriteModuleTemplate}\" must name a per-layer module with \"{{}}\" for the layer, e.g. \"{architecture.LayerPrefix}.mlp.c_proj\"";
        }

        try
        {
            _ = architecture.Resolve(SplitTemplate().Module);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"rewrite_module_tmp: {e.Message}";
        }
    }
}
