using System.Globalization;
using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Kne;

/// <summary>
/// KNE's hyperparameters (alg_name "KNE"). EasyEdit has no KNE, so the keys are Amend's own, named after EasyEdit's
/// neighbours (FT's <c>lr</c>, <c>num_steps</c>, <c>weight_decay</c>, <c>rewrite_module_tmp</c>; KN's <c>steps</c> is
/// <c>ig_steps</c> here). Only <c>rewrite_module_tmp</c> is required; every other default is a choice documented in
/// docs/methods/kne.md.
/// </summary>
public sealed record KneHyperparameters : IHyperparameters
{
    private static readonly ModuleRole[] EditableRoles =
        [ModuleRole.MlpOutputProjection, ModuleRole.MlpUpProjection, ModuleRole.MlpGateProjection, ModuleRole.AttentionOutputProjection, ModuleRole.AttentionQueryProjection];

    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public string AlgName => "KNE";

    /// <summary>The attributed and edited projection with "{}" for the layer, e.g. "transformer.h.{}.mlp.c_proj" (the paper's best: down_proj).</summary>
    [JsonPropertyName("rewrite_module_tmp")]
    public required string RewriteModuleTmp { get; init; }

    /// <summary>The layers whose projection is attributed and edited; null (the default) means every layer, as the paper.</summary>
    [JsonPropertyName("layers")]
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>m, the Riemann steps of the integrated gradients (20, as Dai et al. and EasyEdit's KN).</summary>
    [JsonPropertyName("ig_steps")]
    public int IgSteps { get; init; } = 20;

    /// <summary>Whether the integrated-gradient path scales all layers together (m passes) or one at a time (L·m).</summary>
    [JsonPropertyName("ig_scaling")]
    public KneScaling IgScaling { get; init; } = KneScaling.Together;

    /// <summary>p, the fraction of all attributed parameters (over every layer) kept in the ensemble: the threshold is the (1 − p) quantile.</summary>
    [JsonPropertyName("p")]
    public double P { get; init; } = 0.01;

    /// <summary>α of the delta's scale α/√nₗ, with nₗ the ensemble's size in layer l.</summary>
    [JsonPropertyName("alpha")]
    public double Alpha { get; init; } = 1;

    /// <summary>Adam's learning rate on the deltas.</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Most Adam steps; training stops earlier once the loss is below <see cref="EarlyStopLoss"/>.</summary>
    [JsonPropertyName("num_steps")]
    public int NumSteps { get; init; } = 40;

    /// <summary>Adam's L2 penalty on the deltas.</summary>
    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; init; }

    /// <summary>Training stops once the target's mean cross-entropy is below this (nats).</summary>
    [JsonPropertyName("early_stop_loss")]
    public double EarlyStopLoss { get; init; } = 0.01;

    /// <summary>
    /// Null (the default): each edit localises its own ensemble from its own request. A path to a requests file
    /// (EasyEdit's request layout, e.g. a KnowEdit benchmark): one ensemble is localised from its first
    /// <see cref="LocalizationSamples"/> requests, cached, and reused for every edit.
    /// </summary>
    [JsonPropertyName("localization_data")]
    public string? LocalizationData { get; init; }

    /// <summary>How many requests of <see cref="LocalizationData"/> the shared ensemble is localised from (the paper found about 200 enough).</summary>
    [JsonPropertyName("localization_samples")]
    public int LocalizationSamples { get; init; } = 200;

    /// <summary>Requests per forward+backward pass of a shared localisation.</summary>
    [JsonPropertyName("localization_batch_size")]
    public int LocalizationBatchSize { get; init; } = 16;

    /// <summary>Folder of the shared-ensemble cache; null means $AMEND_KNE_CACHE, else ~/.cache/amend/kne.</summary>
    [JsonPropertyName("localization_cache")]
    public string? LocalizationCache { get; init; }

    /// <summary>The edited layers: <see cref="Layers"/>, or every layer of the model.</summary>
    public IReadOnlyList<int> LayersOf(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return Layers ?? [.. Enumerable.Range(0, architecture.NumLayers)];
    }

    /// <summary>The edited weight of <paramref name="layer"/>, e.g. "transformer.h.3.mlp.c_proj.weight".</summary>
    /// <exception cref="HyperparameterException">rewrite_module_tmp does not name an editable projection of this architecture.</exception>
    public string WeightName(ModelArchitecture architecture, int layer)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (ModuleProblem(architecture) is string problem) throw new HyperparameterException(problem);
        return architecture.ModuleName(architecture.Resolve(RewriteModuleTmp).Role, layer) + ".weight";
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (ModuleProblem(architecture) is string module) problems.Add(module);
        if (Layers is { Count: 0 }) problems.Add("layers: give at least one layer, or leave the key out for every layer");
        else problems.AddRange(LayerListText.Repeated(Layers));
        problems.AddRange(LayerListText.OutOfRange(Layers, architecture.NumLayers));
        if (IgSteps < 1) problems.Add($"ig_steps: must be ≥ 1, got {IgSteps}");
        if (!(P > 0 && P <= 1)) problems.Add($"p: the ensemble's fraction must be in (0, 1], got {Format(P)}");
        if (!(Alpha > 0) || double.IsInfinity(Alpha)) problems.Add($"alpha: must be a finite number > 0, got {Format(Alpha)}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) problems.Add($"lr: must be a finite number > 0, got {Format(LearningRate)}");
        if (NumSteps < 1) problems.Add($"num_steps: must be ≥ 1, got {NumSteps}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) problems.Add($"weight_decay: must be a finite number ≥ 0, got {Format(WeightDecay)}");
        if (!(EarlyStopLoss >= 0)) problems.Add($"early_stop_loss: must be ≥ 0, got {Format(EarlyStopLoss)}");
        if (LocalizationSamples < 1) problems.Add($"localization_samples: must be ≥ 1, got {LocalizationSamples}");
        if (LocalizationBatchSize < 1) problems.Add($"localization_batch_size: must be ≥ 1, got {LocalizationBatchSize}");
        if (LocalizationData is not null && !File.Exists(LocalizationData)) problems.Add($"localization_data: no file at {LocalizationData}");
        return problems;
    }

    private string? ModuleProblem(ModelArchitecture architecture)
    {
        if (string.IsNullOrEmpty(RewriteModuleTmp) || !RewriteModuleTmp.Contains("{}", StringComparison.Ordinal))
        {
            return $"rewrite_module_tmp: \"{RewriteModuleTmp}\" must name a per-layer projection with \"{{}}\" for the layer, e.g. \"{architecture.LayerPrefix}.mlp.c_proj\"";
        }

        try
        {
            var role = architecture.Resolve(RewriteModuleTmp).Role;
            return EditableRoles.Contains(role) ? null : $"rewrite_module_tmp: \"{RewriteModuleTmp}\" is the {role} module; KNE edits one of {string.Join(", ", EditableRoles)}";
        }
        catch (ArgumentException e)
        {
            return "rewrite_module_tmp: " + e.Message.Split(" (Parameter")[0];
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
