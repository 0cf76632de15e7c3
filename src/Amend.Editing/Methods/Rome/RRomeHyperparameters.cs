using System.Text.Json.Serialization;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Rome;

/// <summary>
/// R-ROME (Gupta et al. 2024, "Rebuilding ROME", arXiv 2403.07175; EasyEdit <c>hparams/R-ROME</c>): ROME with
/// consistent keys. Original ROME builds u from the mean key over context templates but divides by, and subtracts
/// the value of, the bare prompt's key, which can blow the update up; R-ROME uses the same key on both sides.
/// </summary>
public sealed record RRomeHyperparameters : RomeHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public override string AlgName => "R-ROME";

    /// <summary>Build both u and the right vector from the prompt's key only.</summary>
    [JsonPropertyName("enable_prompt_keys")]
    public bool EnablePromptKeys { get; init; }

    /// <summary>Build both from the mean over context templates, with v* = v₀ + δ (EasyEdit's default, true).</summary>
    [JsonPropertyName("enable_random_prefix_keys")]
    public bool EnableRandomPrefixKeys { get; init; } = true;

    /// <summary>u from the templates whatever the other two keys say (ROME's original, inconsistent choice for u).</summary>
    [JsonPropertyName("original_implementation")]
    public bool OriginalImplementation { get; init; }

    /// <inheritdoc/>
    public override bool KeysFromTemplates => OriginalImplementation || EnableRandomPrefixKeys;

    /// <inheritdoc/>
    public override bool ValueFromTemplates => EnableRandomPrefixKeys;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        var problems = base.Validate(architecture).ToList();
        if (!OriginalImplementation && EnablePromptKeys == EnableRandomPrefixKeys)
        {
            problems.Add($"enable_prompt_keys and enable_random_prefix_keys: exactly one must be true unless original_implementation is (both are {EnablePromptKeys.ToString().ToLowerInvariant()})");
        }

        return problems;
    }
}
