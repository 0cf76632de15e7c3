using Amend.Models.HuggingFace;

namespace Amend.Models.Architectures;

/// <summary>
/// config.json "rope_scaling": how rotary frequencies are stretched for long contexts. Supported:
/// "linear" (positions divided by <see cref="Factor"/>) and "llama3" (per-frequency interpolation between
/// the low- and high-frequency wavelength bounds of the original context).
/// </summary>
public sealed record RopeScaling(string Type, float Factor, float LowFreqFactor = 1f, float HighFreqFactor = 4f, int OriginalMaxPositions = 8192)
{
    /// <summary>The rope_scaling types Amend implements.</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = ["linear", "llama3"];

    /// <summary>Binds the rope_scaling object (null when the key is absent or null).</summary>
    /// <exception cref="ModelConfigException">Unknown type or missing factor.</exception>
    public static RopeScaling? FromJson(ConfigJson parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Section("rope_scaling") is { } json ? FromSection(json) : null;
    }

    /// <summary>
    /// Binds a rope_scaling object or transformers 5's rope_parameters (whose rope_type "default", or none, means no
    /// scaling); null for those.
    /// </summary>
    /// <exception cref="ModelConfigException">Unknown type or missing factor.</exception>
    public static RopeScaling? FromSection(ConfigJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? type = json.Optional<string>("rope_type") ?? json.Optional<string>("type");
        json.Ignore("type", "rope_type", "rope_theta", "partial_rotary_factor");
        if (type is null or "default") return null;
        if (!SupportedTypes.Contains(type)) throw new ModelConfigException(json.Path, $"rope scaling type \"{type}\" is not supported (supported: {string.Join(", ", SupportedTypes)})");
        float factor = json.Required<float>("factor");
        ConfigChecks.PositiveFinite(json, "factor", factor);
        if (type == "linear") return new RopeScaling(type, factor);
        var scaling = new RopeScaling(
            type,
            factor,
            json.Required<float>("low_freq_factor"),
            json.Required<float>("high_freq_factor"),
            json.Required<int>("original_max_position_embeddings"));
        ConfigChecks.PositiveFinite(json, "low_freq_factor", scaling.LowFreqFactor);
        ConfigChecks.InRange(json, "original_max_position_embeddings", scaling.OriginalMaxPositions, 1, ConfigChecks.MaxPositions);
        if (!(scaling.HighFreqFactor > scaling.LowFreqFactor) || float.IsInfinity(scaling.HighFreqFactor))
        {
            throw new ModelConfigException(json.Path, $"high_freq_factor {scaling.HighFreqFactor} must be finite and above low_freq_factor {scaling.LowFreqFactor}");
        }

        return scaling;
    }
}
