using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.World.Training;

/// <summary>
/// Builds a freshly initialised model from config.json text through the ordinary architecture loaders, as
/// GPT-2 initialises: matrices and embeddings N(0, 0.02²), residual output projections N(0, (0.02/√(2L))²),
/// biases 0, norm gains 1. Deterministic in the seed (weights are drawn in the order the model asks for them).
/// </summary>
public static class ModelFactory
{
    private static readonly string[] s_residualOutputs = [".attn.c_proj.weight", ".mlp.c_proj.weight", ".self_attn.o_proj.weight", ".mlp.down_proj.weight"];

    /// <summary>A new model for <paramref name="configJson"/> with weights drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ModelConfigException">The config is not one Amend can build.</exception>
    public static CausalLanguageModel Create(string configJson, int seed)
    {
        var config = ConfigJson.Parse(configJson, "config.json (training)");
        int layers = config.Has("n_layer") ? config.Value("n_layer", 1) : config.Value("num_hidden_layers", 1);
        var random = new Random(seed);
        float residualStd = 0.02f / MathF.Sqrt(2 * layers);
        var weights = WeightSource.FromInitializer((name, shape) => Initial(name, shape, random, residualStd), $"random init (seed {seed})");
        return ArchitectureRegistry.Load(config, weights);
    }

    private static Tensor Initial(string name, Shape shape, Random random, float residualStd)
    {
        if (name.EndsWith(".bias", StringComparison.Ordinal)) return Tensor.Zeros(shape);
        if (IsNormGain(name)) return Tensor.Full(shape, 1f);
        float std = s_residualOutputs.Any(s => name.EndsWith(s, StringComparison.Ordinal)) ? residualStd : 0.02f;
        return Tensor.Randn(shape, random, std);
    }

    private static bool IsNormGain(string name) =>
        name.Contains(".ln_", StringComparison.Ordinal) || name.Contains("norm.", StringComparison.Ordinal) || name.EndsWith("norm.weight", StringComparison.Ordinal);
}
