using Amend.Models.Checkpoints;
using Amend.Models.Inference;

namespace Amend.Models.Architectures;

/// <summary>Loads a llama2.c checkpoint as a LLaMA model (see <see cref="Llama2cCheckpoint"/>).</summary>
public static class Llama2cModel
{
    /// <summary>The model in a llama2.c .bin file, with its config.</summary>
    /// <exception cref="CheckpointFormatException">The file cannot be read as a llama2.c checkpoint.</exception>
    public static (CausalLanguageModel Model, LlamaConfig Config) Load(string path)
    {
        var (config, weights) = Llama2cCheckpoint.Load(path);
        using (weights)
        {
            var model = LlamaModel.Load(weights, config);
            weights.CheckUsage();
            return (model, config);
        }
    }
}
