using Amend.Models.HuggingFace;

namespace Amend.Models.Architectures;

/// <summary>
/// A config's rotary settings, from either layout transformers writes: the keys of transformers 4 (rope_theta or
/// rotary_emb_base, rope_scaling, partial_rotary_factor or rotary_pct at the top level) or transformers 5's
/// "rope_parameters" object ({"rope_type", "rope_theta", "factor", "partial_rotary_factor", …}), which takes
/// precedence. A config written by transformers 5 has no top-level rope_theta, so reading only the old keys would
/// silently rotate with θ = 10000.
/// </summary>
/// <param name="Theta">The rotary base θ.</param>
/// <param name="Scaling">The frequency scaling, or null for none (rope_type "default").</param>
/// <param name="PartialFactor">The fraction of each head that rotates, when the config gives one.</param>
internal sealed record RotaryKeys(float Theta, RopeScaling? Scaling, float? PartialFactor)
{
    /// <summary>Reads the rotary settings, <paramref name="thetaKey"/> and <paramref name="partialKey"/> being the transformers 4 names.</summary>
    /// <exception cref="ModelConfigException">rope_parameters is per layer type, disagrees with a rope_scaling beside it, or a value is malformed.</exception>
    public static RotaryKeys Read(ConfigJson json, string thetaKey, float defaultTheta, string partialKey)
    {
        ArgumentNullException.ThrowIfNull(json);
        float? legacyTheta = json.Optional<float?>(thetaKey), legacyPartial = json.Optional<float?>(partialKey);
        if (json.Section("rope_parameters") is not { } parameters) return new RotaryKeys(legacyTheta ?? defaultTheta, RopeScaling.FromJson(json), legacyPartial);
        if (parameters.HasNestedObjects)
        {
            throw new ModelConfigException(json.Path, "rope_parameters gives settings per layer type; Amend rotates every layer alike and does not support such models");
        }

        // transformers 5 lets a non-null rope_scaling replace rope_parameters; a config that carries both is refused
        // unless they agree, since which one a reader honours would change the logits.
        var scaling = RopeScaling.FromSection(parameters);
        var legacyScaling = RopeScaling.FromJson(json);
        if (legacyScaling is not null && legacyScaling != scaling)
        {
            throw new ModelConfigException(json.Path, $"rope_scaling ({legacyScaling.Type}, factor {legacyScaling.Factor}) and rope_parameters ({scaling?.Type ?? "default"}) disagree; keep one of them");
        }

        return new RotaryKeys(
            parameters.Optional<float?>("rope_theta") ?? legacyTheta ?? defaultTheta,
            scaling,
            parameters.Optional<float?>("partial_rotary_factor") ?? legacyPartial);
    }
}
