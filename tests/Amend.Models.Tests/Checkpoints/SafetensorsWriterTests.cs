using System.Buffers.Binary;
using System.Text;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public void WriteFile_ProducesTheReferenceBytes()
    {
        // Given the example of the reference implementation's own serialisation test: "attn.0" = [0..5] as F32 (1, 2, 3)
        using var folder = new TempFolder();
        string path = folder.File("ref.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["attn.0"] = Tensor.FromArray([0f, 1, 2, 3, 4, 5], 1, 2, 3) };

        // When
        SafetensorsWriter.WriteFile(path, tensors);

        // Then the header is the compact JSON (64 bytes, already a multiple of 8) and the data follows it
        string json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)json.Length));
        expected.AddRange(Encoding.ASCII.GetBytes(json));
        foreach (float v in new[] { 0f, 1, 2, 3, 4, 5 }) expected.AddRange(BitConverter.GetBytes(v));
        Assert.Equal(64, json.Length);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteFile_PadsHeaderWithSpaces_AndWritesMetadataFirst()
    {
        using var folder = new TempFolder();
        string empty = folder.File("empty.safetensors"), withMetadata = folder.File("meta.safetensors");

        SafetensorsWriter.WriteFile(empty, new Dictionary<string, Tensor>());
        SafetensorsWriter.WriteFile(withMetadata, new Dictionary<string, Tensor>(), new Dictionary<string, string> { ["framework"] = "pt" });

        // The reference writes "{}" + 6 spaces, and the metadata object padded from 35 to 40 bytes
        Assert.Equal([8, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("{}      ")], File.ReadAllBytes(empty));
        Assert.Equal([40, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("{\"__metadata__\":{\"framework\":\"pt\"}}     ")], File.ReadAllBytes(withMetadata));
    }

    [Fact]
    public void WriteFile_OrdersLargerDTypesFirst_ThenNames()
    {
        using var folder = new TempFolder();
        string path = folder.File("order.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.half"] = Tensor.Ones(3).ToDType(DType.Float16),
            ["b.single"] = Tensor.Ones(1),
            ["a.brain"] = Tensor.Ones(3).ToDType(DType.BFloat16),
            ["a.single"] = Tensor.Ones(2),
        };

        SafetensorsWriter.WriteFile(path, tensors);

        // F32 first (so every F32 tensor is 4-byte aligned), then BF16, then F16, each group by name
        using var reader = SafetensorsReader.Open(path);
        Assert.Equal(["a.single", "b.single", "a.brain", "a.half"], reader.Header.Tensors.Select(t => t.Name).ToArray());
        Assert.All(reader.Header.Tensors, t => Assert.Equal(0, t.Begin % 2));
        Assert.Equal(0, reader.Header.DataStart % 8);
    }

    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void WriteFile_RoundTripsExactHalfBits(DType dtype)
    {
        // Given every 16-bit pattern except signalling NaNs, including ±0, subnormals, ±infinity and quiet NaNs
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).Where(b => !IsSignallingNaN(b, dtype)).ToArray();
        var tensor = Tensor.WrapHalfBits(bits, dtype, new Shape(bits.Length));
        using var folder = new TempFolder();
        string first = folder.File("first.safetensors"), second = folder.File("second.safetensors");

        // When written, read back, and written again
        SafetensorsWriter.WriteFile(first, new Dictionary<string, Tensor> { ["t"] = tensor });
        Tensor loaded;
        using (var reader = SafetensorsReader.Open(first)) loaded = reader.Load("t");
        SafetensorsWriter.WriteFile(second, new Dictionary<string, Tensor> { ["t"] = loaded });

        // Then the stored bytes are the original patterns, the loaded tensor kept the dtype, and the second file is identical
        byte[] bytes = File.ReadAllBytes(first);
        int start = bytes.Length - (2 * bits.Length);
        for (int i = 0; i < bits.Length; i++) Assert.Equal(bits[i], BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(start + (2 * i))));
        Assert.Equal(dtype, loaded.DType);
        Assert.Equal(bytes, File.ReadAllBytes(second));
    }

    [Fact]
    public void WriteFile_RoundTripsExactFloat32Bits()
    {
        // Given random bit patterns (any float32, NaN payloads included) and special values
        var random = new Random(7);
        var values = Enumerable.Range(0, 4096).Select(_ => BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue))).ToList();
        values.AddRange([0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN]);
        var tensor = Tensor.FromArray(values.ToArray(), 2, values.Count / 2);
        using var folder = new TempFolder();
        string path = folder.File("f32.safetensors");

        SafetensorsWriter.WriteFile(path, new Dictionary<string, Tensor> { ["w"] = tensor }, new Dictionary<string, string> { ["note"] = "été" });

        using var reader = SafetensorsReader.Open(path);
        var loaded = reader.Load("w");
        Assert.Equal(tensor.Shape, loaded.Shape);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), loaded.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("été", reader.Header.Metadata["note"]);
    }

    [Fact]
    public void WriteFile_WritesStridedViewsInLogicalOrder_AndScalars()
    {
        using var folder = new TempFolder();
        string path = folder.File("views.safetensors");
        var matrix = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);

        SafetensorsWriter.WriteFile(path, new Dictionary<string, Tensor> { ["t"] = matrix.TransposeLast(), ["s"] = Tensor.Scalar(2.5f), ["z"] = Tensor.Zeros(0, 4) });

        using var reader = SafetensorsReader.Open(path);
        Assert.Equal([1f, 4, 2, 5, 3, 6], reader.Load("t").ToArray());
        Assert.Equal(Shape.Scalar, reader.Load("s").Shape);
        Assert.Equal(2.5f, reader.Load("s").Item());
        Assert.Equal(new Shape(0, 4), reader.Load("z").Shape);
    }

    [Fact]
    public void WriteFile_ReplacesByRename_SoAnOpenReaderKeepsTheOldData_AndNoTemporaryFileRemains()
    {
        // Given a reader open on the old file
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SafetensorsWriter.WriteFile(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Full(new Shape(4), 1f) });
        using var old = SafetensorsReader.Open(path);

        // When the file is overwritten
        SafetensorsWriter.WriteFile(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Full(new Shape(4), 2f) });

        // Then the old mapping still reads the old values, a new reader sees the new ones, and only the file is left
        Assert.Equal([1f, 1, 1, 1], old.Load("w").ToArray());
        using var fresh = SafetensorsReader.Open(path);
        Assert.Equal([2f, 2, 2, 2], fresh.Load("w").ToArray());
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("__metadata__")]
    public void WriteFile_Throws_ForNamesTheFormatReserves(string name)
    {
        using var folder = new TempFolder();

        Assert.Throws<ArgumentException>(() => SafetensorsWriter.WriteFile(folder.File("x.safetensors"), new Dictionary<string, Tensor> { [name] = Tensor.Ones(1) }));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void WriteFolder_ShardsOverTheLimit_AndWritesAnIndex()
    {
        // Given five 400-byte tensors and a 1000-byte shard limit
        using var folder = new TempFolder();
        var tensors = Enumerable.Range(0, 5).ToDictionary(i => $"layers.{i}.weight", i => Tensor.Full(new Shape(10, 10), i));

        // When
        var written = SafetensorsWriter.WriteFolder(folder.Path, tensors, maxShardBytes: 1000);

        // Then two tensors per shard, an index mapping each name, format "pt" metadata, and the checkpoint reads back
        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", SafetensorsIndex.FileName], written.Select(p => Path.GetFileName(p)!).ToArray());
        var index = SafetensorsIndex.Read(folder.File(SafetensorsIndex.FileName));
        Assert.Equal(2000, index.TotalSize);
        Assert.Equal("model-00003-of-00003.safetensors", index.WeightMap["layers.4.weight"]);
        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), checkpoint.Names);
        Assert.Equal(Enumerable.Repeat(3f, 100), checkpoint.Load("layers.3.weight").ToArray());
        Assert.All(checkpoint.Files, f => Assert.Equal("pt", f.Header.Metadata["format"]));
    }

    [Fact]
    public void WriteFolder_RemovesWeightFilesOfAnEarlierSave()
    {
        // Given a folder saved sharded, plus an unrelated file
        using var folder = new TempFolder();
        var tensors = Enumerable.Range(0, 3).ToDictionary(i => $"w{i}", _ => Tensor.Ones(100));
        SafetensorsWriter.WriteFolder(folder.Path, tensors, maxShardBytes: 500);
        File.WriteAllText(folder.File("config.json"), "{}");

        // When it is saved again as one file
        SafetensorsWriter.WriteFolder(folder.Path, tensors);

        // Then the stale index and shards are gone (a loader would prefer the index) and other files stay
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(folder.Path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void WriteFolder_ThatFailsToPutAFileInPlace_LeavesTheEarlierSaveAsItWas()
    {
        // Given a folder saved sharded, then a directory where the new index must go (so renaming it in fails
        // after the new shards are in place, even for root, who ignores file permissions)
        using var folder = new TempFolder();
        var old = Enumerable.Range(0, 3).ToDictionary(i => $"w{i}", _ => Tensor.Ones(100));
        SafetensorsWriter.WriteFolder(folder.Path, old);
        byte[] before = File.ReadAllBytes(folder.File("model.safetensors"));
        Directory.CreateDirectory(Path.Combine(folder.File(SafetensorsIndex.FileName), "blocker"));

        // When a sharded save of other values fails
        var doubled = old.ToDictionary(t => t.Key, _ => Tensor.Full(new Shape(100), 2f));
        var error = Assert.Throws<IOException>(() => SafetensorsWriter.WriteFolder(folder.Path, doubled, maxShardBytes: 500));

        // Then the new shards are gone, the old file is back byte for byte, and nothing temporary is left
        Assert.Contains("restored", error.Message);
        Assert.Equal(["model.safetensors"], Directory.GetFiles(folder.Path).Select(p => Path.GetFileName(p)!).ToArray());
        Assert.Equal(before, File.ReadAllBytes(folder.File("model.safetensors")));
    }

    private static bool IsSignallingNaN(ushort bits, DType dtype) => dtype == DType.Float16
        ? (bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0 && (bits & 0x0200) == 0
        : (bits & 0x7F80) == 0x7F80 && (bits & 0x007F) != 0 && (bits & 0x0040) == 0;
}
