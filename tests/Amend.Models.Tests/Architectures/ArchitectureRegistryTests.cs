using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.Architectures;

public sealed class ArchitectureRegistryTests
{
    [Fact]
    public void UnknownModelType_ListsTheSupportedOnes()
    {
        var config = ConfigJson.Parse("""{"model_type":"t5"}""", "/m/config.json");

        var error = Assert.Throws<ModelConfigException>(() => ArchitectureRegistry.Load(config, WeightSource.Zeros()));

        Assert.Contains("\"t5\"", error.Message);
        Assert.Contains("gpt2, gpt_neox, gptj, llama, mistral, qwen2", error.Message);
    }

    [Theory]
    [InlineData("""{"n_embd":8}""", "key \"model_type\" is missing")]
    [InlineData("""{"model_type":5}""", "key \"model_type\" must be a string")]
    [InlineData("""{"model_type":null}""", "key \"model_type\" must be a string")]
    public void MissingOrMistypedModelType_SaysWhich(string json, string expected)
    {
        var config = ConfigJson.Parse(json, "/m/config.json");

        var error = Assert.Throws<ModelConfigException>(() => ArchitectureRegistry.Load(config, WeightSource.Zeros()));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ModelFolder_WithoutConfig_NamesTheFile()
    {
        string folder = Directory.CreateTempSubdirectory("amend-noconfig-").FullName;
        try
        {
            var error = Assert.Throws<ModelConfigException>(() => ModelFolder.Load(folder));

            Assert.Contains(Path.Combine(folder, "config.json"), error.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void WeightOfWrongShape_NamesTensorAndShapes()
    {
        // A config that disagrees with the checkpoint: the golden gpt2 weights are 32 wide, this says 64.
        string folder = Directory.CreateTempSubdirectory("amend-mismatch-").FullName;
        try
        {
            File.Copy(SharedFixtures.Path("golden", "gpt2", "model.safetensors"), Path.Combine(folder, "model.safetensors"));
            File.WriteAllText(Path.Combine(folder, "config.json"), """{"model_type":"gpt2","n_embd":64,"n_head":4,"n_layer":3}""");

            var error = Assert.Throws<WeightMismatchException>(() => ModelFolder.Load(folder));

            Assert.Contains("transformer.wte.weight", error.Message);
            Assert.Contains("(50257, 32)", error.Message);
            Assert.Contains("(50257, 64)", error.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
