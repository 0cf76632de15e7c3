using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Tests.Checkpoints;

namespace Amend.Models.Tests.HuggingFace;

// A single file is read as llama2.c, which has no magic number; the formats users pass instead are named.
public sealed class PretrainedModelFileTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'}', 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Load_OfAPyTorchPickle_SaysSo(byte[] start)
    {
        using var folder = new TempFolder();
        string path = folder.File("pytorch_model.bin");
        File.WriteAllBytes(path, [.. start, .. new byte[64]]);

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedModel.Load(path));

        Assert.Contains("is a PyTorch pickle checkpoint", error.Message);
    }

    [Fact]
    public void Load_OfASafetensorsFile_AsksForItsFolder()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SafetensorsWriter.WriteFile(path, new Dictionary<string, Amend.Tensors.Tensor> { ["w"] = Amend.Tensors.Tensor.Ones(4) });

        var error = Assert.Throws<CheckpointFormatException>(() => PretrainedModel.Load(path));

        Assert.Contains("pass the model folder", error.Message);
    }

    [Fact]
    public void Load_WithAnotherModelsTokenizer_WarnsOfTheVocabularies()
    {
        // Given stories260K (512 tokens) with GPT-2's tokenizer (50257), and the golden GPT-2 with its own-sized one
        var warnings = new List<string>();
        string gpt2Tokenizer = SharedFixtures.Path("models", "fake-gpt2-tiny-random");

        var mismatched = PretrainedModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin"), gpt2Tokenizer, warnings);
        var matched = PretrainedModel.Load(SharedFixtures.Path("golden", "gpt2"), gpt2Tokenizer, warnings);

        // Then only the first load warns, naming the tokenizer and both sizes
        Assert.NotNull(mismatched.Tokenizer);
        Assert.NotNull(matched.Tokenizer);
        var warning = Assert.Single(warnings);
        Assert.Contains($"the tokenizer in {gpt2Tokenizer} has 50257 tokens but the model's vocabulary has 512", warning, StringComparison.Ordinal);
    }
}
