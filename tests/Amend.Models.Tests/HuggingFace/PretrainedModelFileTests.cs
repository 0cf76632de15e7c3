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
}
