using Amend.Models.HuggingFace;

namespace Amend.Models.Layers;

/// <summary>transformers' ACT2FN names mapped to Amend's ops.</summary>
internal static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_byName = new()
    {
        ["gelu"] = x => x.Gelu(),              // exact, erf form
        ["gelu_new"] = x => x.GeluTanh(),      // tanh approximation (GPT-2, GPT-J)
        ["gelu_pytorch_tanh"] = x => x.GeluTanh(),
        ["gelu_fast"] = x => x.GeluTanh(),     // same curve; transformers evaluates it in a different order
        ["silu"] = x => x.Silu(),
        ["swish"] = x => x.Silu(),
        ["relu"] = x => x.Relu(),
    };

    /// <summary>
    /// The activation name under <paramref name="key"/> in <paramref name="json"/> (or <paramref name="fallback"/>),
    /// checked while the config is read, so that an unsupported one is reported against config.json and its key.
    /// </summary>
    /// <exception cref="ModelConfigException">The name is not supported; the message lists those that are.</exception>
    public static string Supported(ConfigJson json, string key, string fallback)
    {
        string name = json.Value(key, fallback);
        return s_byName.ContainsKey(name) ? name : throw new ModelConfigException(json.Path, $"key \"{key}\" names activation \"{name}\", which is not supported (supported: {SupportedNames})");
    }

    /// <summary>The activation called <paramref name="name"/> in config.json.</summary>
    /// <exception cref="ModelConfigException">The name is not supported; the message lists those that are.</exception>
    public static Func<Tensor, Tensor> Resolve(string name, string configPath) =>
        s_byName.TryGetValue(name, out var activation)
            ? activation
            : throw new ModelConfigException(configPath, $"activation \"{name}\" is not supported (supported: {SupportedNames})");

    private static string SupportedNames => string.Join(", ", s_byName.Keys.Order(StringComparer.Ordinal));
}
