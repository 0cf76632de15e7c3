using System.Buffers.Binary;
using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class SafetensorsReaderTests
{
    [Fact]
    public void Open_ListsGpt2GoldenTensors_WithShapesFromItsConfig()
    {
        // Given the golden GPT-2 checkpoint written by transformers and its config
        var config = ReadConfig("gpt2");
        int vocab = config.GetProperty("vocab_size").GetInt32(), embd = config.GetProperty("n_embd").GetInt32();
        int layers = config.GetProperty("n_layer").GetInt32(), positions = config.GetProperty("n_positions").GetInt32();

        // When
        using var reader = SafetensorsReader.Open(SharedFixtures.Path("golden", "gpt2", "model.safetensors"));

        // Then: 12 tensors per block, ln_f weight and bias, wte and wpe; Conv1D stores (in, out)
        Assert.Equal((12 * layers) + 4, reader.Header.Tensors.Count);
        Assert.All(reader.Header.Tensors, t => Assert.Equal("F32", t.DTypeName));
        AssertDims(reader, "transformer.wte.weight", vocab, embd);
        AssertDims(reader, "transformer.wpe.weight", positions, embd);
        AssertDims(reader, "transformer.h.0.attn.c_attn.weight", embd, 3 * embd);
        AssertDims(reader, $"transformer.h.{layers - 1}.mlp.c_proj.weight", 4 * embd, embd);
        AssertDims(reader, "transformer.ln_f.bias", embd);
        Assert.Equal("pt", reader.Header.Metadata["format"]);
    }

    [Fact]
    public void Load_ReturnsTheStoredFloats_OfGpt2Embedding()
    {
        // Given the raw bytes of the file, decoded independently of the reader
        string path = SharedFixtures.Path("golden", "gpt2", "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        using var reader = SafetensorsReader.Open(path);
        var info = reader.Header.Find("transformer.wte.weight")!;

        // When
        var wte = reader.Load("transformer.wte.weight");

        // Then the values are the file's little-endian floats at the tensor's offsets
        Assert.Equal(DType.Float32, wte.DType);
        Assert.Equal(new Shape(50257, 32), wte.Shape);
        var values = wte.ToArray();
        long start = reader.Header.DataStart + info.Begin;
        foreach (int i in new[] { 0, 1, 31, 32, 12345, values.Length - 1 })
        {
            Assert.Equal(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(start + (4 * i)))), values[i]);
        }
    }

    [Fact]
    public void Load_KeepsBFloat16AsHalves_AndMatchesTheFloat32Golden()
    {
        // Given the same LLaMA weights stored as float32 and as bfloat16 (transformers rounds to nearest even)
        var config = ReadConfig("llama-bf16");
        int hidden = config.GetProperty("hidden_size").GetInt32(), heads = config.GetProperty("num_attention_heads").GetInt32();
        int kvHeads = config.GetProperty("num_key_value_heads").GetInt32(), inter = config.GetProperty("intermediate_size").GetInt32();
        int layers = config.GetProperty("num_hidden_layers").GetInt32(), vocab = config.GetProperty("vocab_size").GetInt32();
        using var bf16 = SafetensorsReader.Open(SharedFixtures.Path("golden", "llama-bf16", "model.safetensors"));
        using var f32 = SafetensorsReader.Open(SharedFixtures.Path("golden", "llama", "model.safetensors"));

        // When
        var up = bf16.Load("model.layers.1.mlp.up_proj.weight");

        // Then names and shapes follow the config, the tensor stays 16-bit, and its values are the rounded float32 ones
        Assert.Equal((9 * layers) + 3, bf16.Header.Tensors.Count);
        Assert.All(bf16.Header.Tensors, t => Assert.Equal("BF16", t.DTypeName));
        AssertDims(bf16, "model.layers.0.self_attn.k_proj.weight", kvHeads * (hidden / heads), hidden);
        AssertDims(bf16, "model.layers.0.mlp.down_proj.weight", hidden, inter);
        AssertDims(bf16, "lm_head.weight", vocab, hidden);
        Assert.Equal(DType.BFloat16, up.DType);
        Assert.Equal(new Shape(inter, hidden), up.Shape);
        var expected = f32.Load("model.layers.1.mlp.up_proj.weight").ToArray().Select(v => BFloat16.ToSingle(BFloat16.FromSingle(v)));
        Assert.Equal(expected, up.ToArray());
    }

    [Fact]
    public void Load_KeepsFloat16AsHalves_AndMatchesTheFloat32Golden()
    {
        using var f16 = SafetensorsReader.Open(SharedFixtures.Path("golden", "gpt2-fp16", "model.safetensors"));
        using var f32 = SafetensorsReader.Open(SharedFixtures.Path("golden", "gpt2", "model.safetensors"));

        var bias = f16.Load("transformer.h.2.mlp.c_fc.bias");

        Assert.Equal(DType.Float16, bias.DType);
        var expected = f32.Load("transformer.h.2.mlp.c_fc.bias").ToArray().Select(v => (float)(Half)v);
        Assert.Equal(expected, bias.ToArray());
    }

    [Fact]
    public void Open_AllocatesForTheHeaderOnly()
    {
        // Given a 6.7 MB checkpoint whose header is under 4 KB
        string path = SharedFixtures.Path("golden", "gpt2", "model.safetensors");

        // When it is opened
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = SafetensorsReader.Open(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then far less than the tensor data was allocated (the data stays in the mapped file)
        Assert.True(allocated < 1_000_000, $"opening allocated {allocated} bytes");
    }

    [Fact]
    public void Load_AllocatesTheOnDiskSize_ForABFloat16Tensor()
    {
        // Given a BF16 embedding of 512 × 64 elements (64 KiB on disk)
        using var reader = SafetensorsReader.Open(SharedFixtures.Path("golden", "llama-bf16", "model.safetensors"));
        long onDisk = reader.Header.Find("model.embed_tokens.weight")!.ByteLength;

        // When it is loaded
        long before = GC.GetAllocatedBytesForCurrentThread();
        var embedding = reader.Load("model.embed_tokens.weight");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then memory is the 16-bit size plus small objects, not the 128 KiB a float32 copy would take
        Assert.Equal(512 * 64 * 2, onDisk);
        Assert.InRange(allocated, onDisk, onDisk + 4096);
        Assert.Equal(DType.BFloat16, embedding.DType);
    }

    [Fact]
    public void Load_NarrowsF64_AndRejectsIntegerTensors()
    {
        // Given a file with an F64 and an I64 tensor
        using var folder = new TempFolder();
        string path = folder.File("mixed.safetensors");
        string header = "{" + RawSafetensors.Entry("d", "F64", "2", 0, 16) + "," + RawSafetensors.Entry("ids", "I64", "1", 16, 24) + "}";
        byte[] file = RawSafetensors.Build(header, 24);
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(8 + header.Length), 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(8 + header.Length + 8), -3e300);
        File.WriteAllBytes(path, file);
        using var reader = SafetensorsReader.Open(path);

        // When / Then: F64 is rounded to float32 (out-of-range values become infinity), I64 is refused by name
        Assert.Equal([0.1f, float.NegativeInfinity], reader.Load("d").ToArray());
        Assert.Equal("I64", reader.Header.Find("ids")!.DTypeName);
        var e = Assert.Throws<CheckpointFormatException>(() => reader.Load("ids"));
        Assert.Contains("tensor 'ids' is I64; Amend loads only F32, F16, BF16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfAFileTruncatedWhileOpen_IsAnErrorNamingIt()
    {
        // Given an open reader over a copy of the golden GPT-2, and another process cutting the file in half
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        File.Copy(SharedFixtures.Path("golden", "gpt2", "model.safetensors"), path);
        using var reader = SafetensorsReader.Open(path);
        string last = reader.Header.Tensors.MaxBy(t => t.End)!.Name;
        using (var cut = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) cut.SetLength(cut.Length / 2);

        // When the last tensor is read, Then the process lives on and the error names the file
        var error = Assert.Throws<CheckpointFormatException>(() => reader.Load(last));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated while open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Throws_ForUnknownNameAndAfterDispose()
    {
        string path = SharedFixtures.Path("golden", "gpt2", "model.safetensors");
        var reader = SafetensorsReader.Open(path);

        var missing = Assert.Throws<KeyNotFoundException>(() => reader.Load("transformer.wte"));
        reader.Dispose();

        Assert.Contains("no tensor named 'transformer.wte'", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => reader.Load("transformer.wte.weight"));
    }

    private static void AssertDims(SafetensorsReader reader, string name, params long[] dims) =>
        Assert.Equal(dims, reader.Header.Find(name)?.Dims ?? throw new Xunit.Sdk.XunitException($"{name} is not in {reader.Path}"));

    private static JsonElement ReadConfig(string model) =>
        JsonDocument.Parse(File.ReadAllText(SharedFixtures.Path("golden", model, "config.json"))).RootElement;
}
