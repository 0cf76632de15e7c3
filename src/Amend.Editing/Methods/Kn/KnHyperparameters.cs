using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Kn;

/// <summary>
/// EasyEdit's KN hyperparameters (<c>hparams/KN/*.yaml</c>, alg_name "KN"), key for key; every key EasyEdit's
/// KNHyperParams requires is required here. The runtime keys model_name, device and model_parallel are read and ignored.
/// </summary>
public sealed record KnHyperparameters : IHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public string AlgName => "KN";

    /// <summary>
    /// Scale s of the value-vector change, Δ = s·c·(Σ E[new] − Σ E[old]) (c = 2 for a one-token target, else 1).
    /// EasyEdit reads the key but never uses it, which equals s = 1.
    /// </summary>
    [JsonPropertyName("lr_scale")]
    public required double LrScale { get; init; }

    /// <summary>Read for compatibility; EasyEdit's KN never uses it, and neither does Amend.</summary>
    [JsonPropertyName("n_toks")]
    public required int NToks { get; init; }

    /// <summary>
    /// Whether neurons are refined across prompts: attributed on the prompt and each of the request's rephrase
    /// prompts, and kept only when more than <see cref="P"/> of the prompts select them. False: the prompt alone.
    /// </summary>
    [JsonPropertyName("refine")]
    public required bool Refine { get; init; }

    /// <summary>Path points per forward pass; must divide <see cref="Steps"/>.</summary>
    [JsonPropertyName("batch_size")]
    public required int BatchSize { get; init; }

    /// <summary>m, the points of the integrated-gradients path from 0 to the activation (linspace(0, 1, m)).</summary>
    [JsonPropertyName("steps")]
    public required int Steps { get; init; }

    /// <summary>A neuron is selected for a prompt when its score exceeds this fraction of the prompt's largest score (over all layers).</summary>
    [JsonPropertyName("adaptive_threshold")]
    public required double AdaptiveThreshold { get; init; }

    /// <summary>With <see cref="Refine"/>, a neuron is kept when more than p·(number of prompts) prompts select it.</summary>
    [JsonPropertyName("p")]
    public required double P { get; init; }

    /// <summary>EasyEdit's default 40; its KN does not truncate with it, and neither does Amend.</summary>
    [JsonPropertyName("max_length")]
    public int MaxLength { get; init; } = 40;

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var problems = new List<string>();
        if (!architecture.Has(ModuleRole.MlpOutputProjection)) problems.Add($"KN edits MLP output projections, and this {architecture.ModelType} model has none");
        if (!(LrScale > 0) || double.IsInfinity(LrScale)) problems.Add($"lr_scale: must be a finite number > 0, got {LocateThenEditChecks.Format(LrScale)}");
        if (Steps < 1) problems.Add($"steps: must be at least 1, got {Steps}");
        if (BatchSize < 1) problems.Add($"batch_size: must be at least 1, got {BatchSize}");
        else if (Steps >= 1 && Steps % BatchSize != 0) problems.Add($"batch_size: must divide steps (the path is split into equal batches, as EasyEdit asserts), got steps {Steps} and batch_size {BatchSize}");
        if (!(AdaptiveThreshold > 0 && AdaptiveThreshold < 1)) problems.Add($"adaptive_threshold: must be in (0, 1), a fraction of the largest score, got {LocateThenEditChecks.Format(AdaptiveThreshold)}");
        if (!(P >= 0 && P < 1)) problems.Add($"p: must be in [0, 1), a share of the prompts, got {LocateThenEditChecks.Format(P)}");
        return problems;
    }
}
