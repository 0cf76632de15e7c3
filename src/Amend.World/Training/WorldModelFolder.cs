using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.World.Generation;

namespace Amend.World.Training;

/// <summary>
/// Saves a trained model as a Hugging Face folder (config.json, model.safetensors, tokenizer.json,
/// tokenizer_config.json) plus the world.json it was trained on, which `amend world eval` reads, and the world's
/// benchmark.json, which `amend demo --model` and the toy-world bench runs read from the model folder.
/// </summary>
public static class WorldModelFolder
{
    /// <summary>Writes the folder <paramref name="destination"/>, replacing it if present, once every file of it is complete.</summary>
    /// <param name="model">The model.</param>
    /// <param name="configJson">Its config.json text.</param>
    /// <param name="worldFolder">The world folder holding tokenizer.json, tokenizer_config.json, world.json and (when it has one) benchmark.json.</param>
    /// <param name="destination">The model folder to write.</param>
    /// <param name="writeExtras">Writes further files (the loss curve) into the folder before it takes its name.</param>
    public static void Save(CausalLanguageModel model, string configJson, string worldFolder, string destination, Action<string>? writeExtras = null)
    {
        ModelSaver.Save(model, destination, sourceFolder: worldFolder, configJson: configJson, overwrite: true, writeExtras: staging =>
        {
            File.Copy(Path.Combine(worldFolder, WorldFile.FileName), Path.Combine(staging, WorldFile.FileName), overwrite: true);

            // Optional: the model works without it, and a world folder that lost it must not cost the trained weights at the save.
            string benchmark = Path.Combine(worldFolder, WorldFolder.BenchmarkFile);
            if (File.Exists(benchmark)) File.Copy(benchmark, Path.Combine(staging, WorldFolder.BenchmarkFile), overwrite: true);
            writeExtras?.Invoke(staging);
        });
    }
}
