using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.Inference;

namespace Amend.Models.HuggingFace;

/// <summary>Loads a Hugging Face model folder: config.json plus model.safetensors (or a sharded index).</summary>
public static class ModelFolder
{
    /// <summary>Loads the model in <paramref name="folder"/>; unknown config keys and unused tensors are reported in <paramref name="warnings"/>.</summary>
    /// <exception cref="ModelConfigException">config.json is missing, malformed or names an unsupported architecture.</exception>
    /// <exception cref="CheckpointFormatException">The weights are missing, unreadable, or only in pickle format.</exception>
    /// <exception cref="WeightMismatchException">A weight is missing or has another shape than the config implies.</exception>
    public static CausalLanguageModel Load(string folder, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"model folder not found: {folder}");
        var config = ConfigJson.Load(System.IO.Path.Combine(folder, "config.json"));
        using var weights = WeightSource.FromSafetensors(folder, new WeightSourceOptions { Unused = UnmatchedWeightPolicy.Warn });
        var model = ArchitectureRegistry.Load(config, weights);
        var usage = weights.CheckUsage();
        if (warnings is null) return model;
        foreach (string key in config.UnknownKeys()) warnings.Add($"{config.Path}: key \"{key}\" is not used by Amend");
        if (usage.Unused.Count > 0) warnings.Add($"{folder}: {usage.Unused.Count} tensors were not used ({string.Join(", ", usage.Unused.Take(5))})");
        return model;
    }
}
