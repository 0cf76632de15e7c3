using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.Models.Architectures;

/// <summary>Maps config.json's model_type to the code that binds its config and loads its weights.</summary>
public static class ArchitectureRegistry
{
    private static readonly Dictionary<string, Func<ConfigJson, WeightSource, CausalLanguageModel>> s_loaders = new(StringComparer.Ordinal)
    {
        ["gpt2"] = (json, weights) => Gpt2Model.Load(weights, Gpt2Config.FromJson(json)),
        ["gptj"] = (json, weights) => GptJModel.Load(weights, GptJConfig.FromJson(json)),
        ["gpt_neox"] = (json, weights) => GptNeoXModel.Load(weights, GptNeoXConfig.FromJson(json)),
        ["llama"] = (json, weights) => LlamaModel.Load(weights, LlamaConfig.FromJson(json)),
        ["mistral"] = (json, weights) => LlamaModel.Load(weights, LlamaConfig.FromJson(json)),
        ["qwen2"] = (json, weights) => LlamaModel.Load(weights, LlamaConfig.FromJson(json)),
    };

    /// <summary>The model_type values Amend can load.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = [.. s_loaders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the model that <paramref name="config"/> describes from <paramref name="weights"/>.</summary>
    /// <exception cref="ModelConfigException">model_type is missing or not supported (the message lists the supported ones).</exception>
    public static CausalLanguageModel Load(ConfigJson config, WeightSource weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        string type = config.ModelType ?? throw new ModelConfigException(config.Path, config.Has("model_type")
            ? "key \"model_type\" must be a string naming the architecture (\"gpt2\", \"llama\"...)"
            : "key \"model_type\" is missing, so the architecture is unknown");
        return s_loaders.TryGetValue(type, out var load)
            ? load(config, weights)
            : throw new ModelConfigException(config.Path, $"model_type \"{type}\" is not supported (supported: {string.Join(", ", SupportedModelTypes)})");
    }
}
