using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class SafetensorsCheckpointTests
{
    [Fact]
    public void Open_ReadsTwoShardsThroughTheirIndex()
    {
        // Given two shard files and an index written by the test
        using var folder = new TempFolder();
        SafetensorsWriter.WriteFile(folder.File("part-a.safetensors"), new Dictionary<string, Tensor> { ["emb.weight"] = Tensor.Full(new Shape(3, 2), 1f), ["ln.weight"] = Tensor.Ones(2) });
        SafetensorsWriter.WriteFile(folder.File("part-b.safetensors"), new Dictionary<string, Tensor> { ["head.weight"] = Tensor.Full(new Shape(3, 2), 7f).ToDType(DType.BFloat16) });
        new SafetensorsIndex(new Dictionary<string, string> { ["emb.weight"] = "part-a.safetensors", ["ln.weight"] = "part-a.safetensors", ["head.weight"] = "part-b.safetensors" }).Write(folder.File(SafetensorsIndex.FileName));

        // When
        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);

        // Then names span both shards, each knows its file, and tensors load from the right one
        Assert.Equal(["emb.weight", "head.weight", "ln.weight"], checkpoint.Names);
        Assert.Equal(folder.File("part-b.safetensors"), checkpoint.FileOf("head.weight"));
        Assert.Equal(2, checkpoint.Files.Count);
        var head = checkpoint.Load("head.weight");
        Assert.Equal(DType.BFloat16, head.DType);
        Assert.Equal(Enumerable.Repeat(7f, 6), head.ToArray());
        Assert.Equal([3L, 2L], checkpoint.Find("emb.weight")!.Dims);
    }

    [Fact]
    public void Open_Throws_WhenAShardIsMissing()
    {
        using var folder = new TempFolder();
        SafetensorsWriter.WriteFile(folder.File("a.safetensors"), new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(1) });
        new SafetensorsIndex(new Dictionary<string, string> { ["x"] = "a.safetensors", ["y"] = "b.safetensors" }).Write(folder.File(SafetensorsIndex.FileName));

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));

        Assert.Contains("shard 'b.safetensors' listed in the index is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Throws_WhenIndexPutsATensorInAShardWithoutIt()
    {
        using var folder = new TempFolder();
        SafetensorsWriter.WriteFile(folder.File("a.safetensors"), new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(1) });
        new SafetensorsIndex(new Dictionary<string, string> { ["x"] = "a.safetensors", ["z"] = "a.safetensors" }).Write(folder.File(SafetensorsIndex.FileName));

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));

        Assert.Contains("the index puts 'z' in 'a.safetensors', which has no such tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ExplainsHowToConvert_WhenAFolderHasOnlyPytorchModelBin()
    {
        // Given a Hugging Face folder with pickle weights only
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{}");
        File.WriteAllBytes(folder.File("pytorch_model.bin"), [0x80, 0x02]);

        // When
        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));

        // Then the error refuses pickle and shows the transformers conversion
        Assert.Contains("only PyTorch pickle files (pytorch_model.bin)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"AutoModelForCausalLM.from_pretrained(\"{folder.Path}\").save_pretrained(\"{folder.Path}-safetensors\", safe_serialization=True)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weights.pt")]
    [InlineData("consolidated.00.pth")]
    public void Open_ExplainsHowToConvert_APickleFile(string name)
    {
        using var folder = new TempFolder();
        string path = folder.File(name);
        File.WriteAllBytes(path, [0x50, 0x4B]);

        var direct = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(path));
        var inFolder = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));

        Assert.Contains("from safetensors.torch import save_file", direct.Message, StringComparison.Ordinal);
        Assert.Contains($"torch.load(\"{path}\"", inFolder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Throws_ForEmptyFolder_AndForSeveralUnindexedFiles()
    {
        using var folder = new TempFolder();
        var empty = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));
        SafetensorsWriter.WriteFile(folder.File("a.safetensors"), new Dictionary<string, Tensor>());
        SafetensorsWriter.WriteFile(folder.File("b.safetensors"), new Dictionary<string, Tensor>());

        var several = Assert.Throws<CheckpointFormatException>(() => SafetensorsCheckpoint.Open(folder.Path));

        Assert.Contains("no model weights here", empty.Message, StringComparison.Ordinal);
        Assert.Contains("several safetensors files (a.safetensors, b.safetensors)", several.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UsesTheOnlySafetensorsFile_OfAFolderWithoutModelSafetensors()
    {
        using var folder = new TempFolder();
        SafetensorsWriter.WriteFile(folder.File("adapter.safetensors"), new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) });

        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);

        Assert.Equal(["w"], checkpoint.Names);
        Assert.Equal(folder.File("adapter.safetensors"), checkpoint.FileOf("w"));
    }
}
