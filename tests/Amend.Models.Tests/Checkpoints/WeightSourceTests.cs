using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class WeightSourceTests
{
    [Fact]
    public void Get_ReadsPushedNames_FromTheGpt2Golden()
    {
        // Given the golden GPT-2 folder
        using var weights = WeightSource.FromSafetensors(SharedFixtures.Path("golden", "gpt2"));

        // When a block's view reads its MLP projection
        var mlp = weights.Push("transformer.h.1").Push("mlp");
        var proj = mlp.Get("c_proj.weight", 128, 32);

        // Then the full name was composed and the tensor loaded
        Assert.Equal("transformer.h.1.mlp", mlp.Prefix);
        Assert.Equal(new Shape(128, 32), proj.Shape);
        Assert.True(mlp.Contains("c_fc.bias"));
        Assert.False(mlp.Contains("c_fc.scale"));
    }

    [Fact]
    public void Get_Throws_NamingTensorFileAndBothShapes_WhenShapesDiffer()
    {
        // Given a sharded folder whose second shard holds the tensor
        using var folder = new TempFolder();
        var tensors = new Dictionary<string, Tensor> { ["a.weight"] = Tensor.Ones(4, 4), ["b.mlp.up.weight"] = Tensor.Ones(8, 4) };
        SafetensorsWriter.WriteFolder(folder.Path, tensors, maxShardBytes: 64);
        using var weights = WeightSource.FromSafetensors(folder.Path);

        // When the model expects the transposed shape
        var e = Assert.Throws<WeightMismatchException>(() => weights.Push("b").Push("mlp").Get("up.weight", 4, 8));

        // Then
        string shard = folder.File("model-00002-of-00002.safetensors");
        Assert.Equal($"weight 'b.mlp.up.weight' in {shard} has shape (8, 4), but the model expects (4, 8)", e.Message);
        Assert.Equal("b.mlp.up.weight", e.TensorName);
        Assert.Equal(shard, e.Checkpoint);
    }

    [Fact]
    public void Get_Throws_ForMissingTensor_ListingNeighbours()
    {
        var weights = WeightSource.FromTensors(new Dictionary<string, Tensor> { ["h.0.attn.c_attn.weight"] = Tensor.Ones(2), ["h.0.attn.c_proj.weight"] = Tensor.Ones(2) }, "toy");

        var e = Assert.Throws<WeightMismatchException>(() => weights.Push("h.0.attn").Get("q_proj.weight", 2));

        Assert.Equal("weight 'h.0.attn.q_proj.weight' (expected shape (2)) is not in toy (under 'h.0.attn.' it holds h.0.attn.c_attn.weight, h.0.attn.c_proj.weight)", e.Message);
    }

    [Fact]
    public void Get_ReturnsZerosAndReportsMissing_WhenMissingIsWarn()
    {
        var options = new WeightSourceOptions { Missing = UnmatchedWeightPolicy.Warn };
        var weights = WeightSource.FromTensors(new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) }, "toy", options);

        var bias = weights.Get("b", 3);
        weights.Get("w", 2);
        var report = weights.CheckUsage();

        Assert.Equal([0f, 0, 0], bias.ToArray());
        Assert.Equal(["b"], report.Missing);
        Assert.Equal(["w"], report.Used);
        Assert.False(report.IsComplete);
        Assert.Equal("toy: 1 tensors used; 1 missing (b)", report.ToString());
    }

    [Fact]
    public void CheckUsage_Throws_ForUnusedTensors_ByDefault_AndReportsThemUnderWarn()
    {
        // Given a checkpoint with a tensor the model never reads and one it declares it does not need
        var tensors = new Dictionary<string, Tensor> { ["used"] = Tensor.Ones(1), ["attn.masked_bias"] = Tensor.Ones(1), ["extra"] = Tensor.Ones(1) };
        var strict = WeightSource.FromTensors(tensors, "ckpt");
        var lenient = WeightSource.FromTensors(tensors, "ckpt", new WeightSourceOptions { Unused = UnmatchedWeightPolicy.Warn });
        foreach (var w in new[] { strict, lenient })
        {
            w.Get("used", 1);
            w.Push("attn").Ignore("masked_bias");
        }

        // When / Then
        var e = Assert.Throws<WeightMismatchException>(() => strict.CheckUsage());
        Assert.Contains("1 tensors were never used by the model (extra)", e.Message, StringComparison.Ordinal);
        var report = lenient.CheckUsage();
        Assert.Equal(["extra"], report.Unused);
        Assert.Equal(["attn.masked_bias"], report.Ignored);
    }

    [Fact]
    public void CheckUsage_IsComplete_WhenEveryGoldenTensorIsRead()
    {
        using var weights = WeightSource.FromSafetensors(SharedFixtures.Path("golden", "llama-bf16"));
        using var checkpoint = SafetensorsCheckpoint.Open(SharedFixtures.Path("golden", "llama-bf16"));

        foreach (var name in checkpoint.Names) weights.Get(name, checkpoint.Find(name)!.Dims.Select(d => (int)d).ToArray());
        var report = weights.CheckUsage();

        Assert.True(report.IsComplete);
        Assert.Equal(checkpoint.Names, report.Used);
    }

    [Fact]
    public void FromTensors_ReturnsTheSameTensor()
    {
        var w = Tensor.Ones(2, 2);
        var weights = WeightSource.FromTensors(new Dictionary<string, Tensor> { ["w"] = w });

        Assert.Same(w, weights.Get("w", 2, 2));
    }

    [Fact]
    public void Initializers_MakeTensorsOfTheExpectedShape()
    {
        var zeros = WeightSource.Zeros();
        var random = WeightSource.Random(new Random(3), std: 0.02f);
        var named = WeightSource.FromInitializer((name, shape) => Tensor.Full(shape, name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f), "norm init");

        Assert.Equal(new float[6], zeros.Push("any").Get("thing", 2, 3).ToArray());
        var sample = random.Get("w", 1000).ToArray();
        Assert.InRange(sample.Select(v => (double)v * v).Average(), 0.0003, 0.0005);
        Assert.Equal([1f, 1], named.Push("ln").Get("weight", 2).ToArray());
        Assert.True(zeros.Contains("anything"));
        Assert.True(zeros.CheckUsage().IsComplete);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".w")]
    [InlineData("w.")]
    public void Push_Throws_ForNamesThatAreNotDotted(string name)
    {
        var weights = WeightSource.Zeros();

        Assert.ThrowsAny<ArgumentException>(() => weights.Push(name));
    }
}
