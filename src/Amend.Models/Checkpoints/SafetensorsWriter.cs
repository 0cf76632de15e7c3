using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Writes safetensors files the way the reference implementation does: tensors keep their dtype (F32, F16,
/// BF16), larger element types first then names in ordinal order, a compact JSON header padded with spaces to
/// a multiple of 8 bytes, the optional <c>__metadata__</c> map first. Every file is written to a temporary file
/// in the same folder and renamed into place, so a crash never leaves a half-written checkpoint.
/// </summary>
public static partial class SafetensorsWriter
{
    // Tensors are converted to bytes this many elements at a time, so writing needs little memory beyond the tensors.
    private const int ChunkElements = 1 << 20;

    private static readonly Dictionary<string, string> s_transformersMetadata = new() { ["format"] = "pt" };

    /// <summary>Writes <paramref name="tensors"/> to one safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">A tensor name is empty or is "__metadata__".</exception>
    public static void WriteFile(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, Contents(tensors, metadata));
    }

    // What a safetensors file of these tensors holds, written to a stream.
    private static Action<FileStream> Contents(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var ordered = Order(tensors);
        byte[] header = BuildHeader(ordered, metadata);
        return stream =>
        {
            Span<byte> prefix = stackalloc byte[SafetensorsHeader.PrefixBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var (_, tensor) in ordered) WriteData(stream, tensor);
        };
    }

    /// <summary>
    /// Writes a Hugging Face model folder's weights: <c>model.safetensors</c> when everything fits in
    /// <paramref name="maxShardBytes"/>, else <c>model-00001-of-0000N.safetensors</c> shards (names in
    /// ordinal order, a shard closes before it would pass the limit; a larger tensor gets a shard of its own)
    /// plus <c>model.safetensors.index.json</c>. Weight files of an earlier save that this one replaces
    /// (the single file, the index, shards of another count) are deleted afterwards, so loaders never mix them.
    /// All files are written under temporary names before any replaces an old one (<see cref="StagedFiles"/>):
    /// a failure leaves the earlier save as it was.
    /// Every file gets <c>__metadata__</c> with <c>"format": "pt"</c> unless <paramref name="metadata"/> sets
    /// "format": transformers refuses safetensors files whose format is missing.
    /// </summary>
    /// <returns>The paths of the files written (shards first, then the index).</returns>
    public static IReadOnlyList<string> WriteFolder(string folder, IReadOnlyDictionary<string, Tensor> tensors, long maxShardBytes = long.MaxValue, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        var fileMetadata = new Dictionary<string, string>(s_transformersMetadata);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) fileMetadata[key] = value;
        var shards = Shard(tensors, maxShardBytes);
        var written = new List<string>();
        using var staged = new StagedFiles();
        if (shards.Count == 1)
        {
            written.Add(Path.Combine(folder, "model.safetensors"));
            staged.Write(written[0], Contents(tensors, fileMetadata));
        }
        else
        {
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < shards.Count; i++)
            {
                string file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                foreach (var name in shards[i].Keys) weightMap[name] = file;
                written.Add(Path.Combine(folder, file));
                staged.Write(written[^1], Contents(shards[i], fileMetadata));
            }

            written.Add(Path.Combine(folder, SafetensorsIndex.FileName));
            byte[] index = new SafetensorsIndex(weightMap, tensors.Values.Sum(ByteLength)).ToBytes();
            staged.Write(written[^1], stream => stream.Write(index));
        }

        staged.Commit();
        DeleteStaleWeightFiles(folder, written);
        return written;
    }

    /// <summary>Bytes a tensor takes in a safetensors file: element count × element size of its dtype.</summary>
    public static long ByteLength(Tensor tensor) => (long)tensor.ElementCount * tensor.DType.ByteSize();

    private static List<KeyValuePair<string, Tensor>> Order(IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (var name in tensors.Keys)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__") throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file", nameof(tensors));
        }

        return tensors.OrderBy(t => SafetensorsDTypes.AlignmentRank(t.Value.DType)).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                long end = offset + ByteLength(tensor);
                json.WriteStartObject(name);
                json.WriteString("dtype", tensor.DType.SafetensorsName());
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape.Dims) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }

            json.WriteEndObject();
        }

        // The reference pads with spaces (valid JSON whitespace) so the byte buffer starts 8-byte aligned.
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    // Half tensors are widened when read through the public Tensor API and narrowed back here; both
    // conversions are exact for every finite value, infinity and quiet NaN, so the stored bits round-trip.
    private static void WriteData(Stream stream, Tensor tensor)
    {
        var flat = tensor.Detach().Reshape(tensor.ElementCount);
        int size = tensor.DType.ByteSize();
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Min(tensor.ElementCount, ChunkElements) * size);
        try
        {
            for (long start = 0; start < tensor.ElementCount; start += ChunkElements)
            {
                int count = (int)Math.Min(ChunkElements, tensor.ElementCount - start);
                var values = flat.Narrow(0, (int)start, count).ToArray();
                Encode(values, tensor.DType, bytes);
                stream.Write(bytes, 0, count * size);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // safetensors is little-endian: on little-endian machines (all .NET targets in practice) the bytes are
    // copied or converted in bulk; the per-element path keeps big-endian hosts correct.
    private static void Encode(float[] values, DType dtype, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian && dtype != DType.BFloat16)
        {
            if (dtype == DType.Float32) MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(destination);
            else System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<byte, Half>(destination[..(2 * values.Length)]));
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            var element = destination[(dtype.ByteSize() * i)..];
            switch (dtype)
            {
                case DType.Float32: BinaryPrimitives.WriteSingleLittleEndian(element, values[i]); break;
                case DType.Float16: BinaryPrimitives.WriteHalfLittleEndian(element, (Half)values[i]); break;
                default: BinaryPrimitives.WriteUInt16LittleEndian(element, BFloat16.FromSingle(values[i])); break;
            }
        }
    }

    private static List<Dictionary<string, Tensor>> Shard(IReadOnlyDictionary<string, Tensor> tensors, long maxShardBytes)
    {
        var shards = new List<Dictionary<string, Tensor>> { new(StringComparer.Ordinal) };
        long bytes = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            long size = ByteLength(tensor);
            if (shards[^1].Count > 0 && bytes + size > maxShardBytes)
            {
                shards.Add(new Dictionary<string, Tensor>(StringComparer.Ordinal));
                bytes = 0;
            }

            shards[^1][name] = tensor;
            bytes += size;
        }

        return shards;
    }

    private static void DeleteStaleWeightFiles(string folder, List<string> written)
    {
        var keep = written.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(path);
            bool weightFile = name is "model.safetensors" or SafetensorsIndex.FileName || ShardName().IsMatch(name);
            if (weightFile && !keep.Contains(name)) File.Delete(path);
        }
    }

    [GeneratedRegex(@"^model-\d{5}-of-\d{5}\.safetensors$")]
    private static partial Regex ShardName();
}
