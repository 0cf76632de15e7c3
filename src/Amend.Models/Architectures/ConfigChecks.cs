using Amend.Models.HuggingFace;

namespace Amend.Models.Architectures;

/// <summary>
/// Consistency and range checks shared by the config records. The upper bounds lie far past any released
/// model; below them, what a config implies (embedding tables, per-layer arrays, rotary caches) can be
/// allocated, and above them a typo would ask for gigabytes or overflow a size.
/// </summary>
internal static class ConfigChecks
{
    public const int MaxVocabulary = 1 << 24;
    public const int MaxWidth = 1 << 20;
    public const int MaxLayers = 4096;
    public const int MaxHeads = 1 << 14;
    public const int MaxHeadDim = 4096;
    public const int MaxPositions = 1 << 26;

    public static void HeadsDivide(ConfigJson json, int hiddenSize, int numHeads)
    {
        if (numHeads <= 0 || hiddenSize <= 0) throw new ModelConfigException(json.Path, $"hidden size {hiddenSize} and head count {numHeads} must be positive");
        if (hiddenSize % numHeads != 0) throw new ModelConfigException(json.Path, $"hidden size {hiddenSize} is not divisible by the head count {numHeads}");
    }

    public static void Positive(ConfigJson json, string key, int value)
    {
        if (value <= 0) throw new ModelConfigException(json.Path, $"key \"{key}\" must be positive, got {value}");
    }

    /// <summary>An integer size between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static void InRange(ConfigJson json, string key, long value, long min, long max)
    {
        if (value < min || value > max) throw new ModelConfigException(json.Path, $"key \"{key}\" is {value}; it must be between {min} and {max}");
    }

    /// <summary>A normalisation epsilon: finite and non-negative.</summary>
    public static void Epsilon(ConfigJson json, string key, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ModelConfigException(json.Path, $"key \"{key}\" is {value}; an epsilon must be finite and non-negative");
    }

    /// <summary>A positive finite real (a rotary base, a scaling factor).</summary>
    public static void PositiveFinite(ConfigJson json, string key, double value)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new ModelConfigException(json.Path, $"key \"{key}\" is {value}; it must be a positive finite number");
    }

    /// <summary>The sizes every decoder-only config has, under each architecture's own key names.</summary>
    public static void Sizes(ConfigJson json, (string Key, int Value) vocab, (string Key, int Value) width, (string Key, int Value) layers, (string Key, int Value) heads, (string Key, int Value) inner, (string Key, int Value) positions)
    {
        InRange(json, vocab.Key, vocab.Value, 1, MaxVocabulary);
        InRange(json, width.Key, width.Value, 1, MaxWidth);
        InRange(json, layers.Key, layers.Value, 0, MaxLayers);
        InRange(json, heads.Key, heads.Value, 1, MaxHeads);
        InRange(json, inner.Key, inner.Value, 1, MaxWidth);
        InRange(json, positions.Key, positions.Value, 1, MaxPositions);
    }
}
