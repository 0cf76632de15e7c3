using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Amend.Models.Checkpoints;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Statistics;

/// <summary>
/// Amend's statistics cache file: "AMSTATS\0", int32 version, int32 header length, a UTF-8 JSON
/// <see cref="StatisticsCacheHeader"/>, then Σ k kᵀ of each layer as d·d little-endian float64 (row-major; a
/// partial file's lower block triangle is not meaningful). Written to a temporary file and renamed into place.
/// </summary>
internal static class StatisticsCacheFile
{
    private const int Version = 1;
    private static readonly byte[] s_magic = "AMSTATS\0"u8.ToArray();

    public static void Write(string path, StatisticsCacheHeader header, KeyMomentSums sums)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[16];
            s_magic.CopyTo(prefix);
            BinaryPrimitives.WriteInt32LittleEndian(prefix[8..], Version);
            BinaryPrimitives.WriteInt32LittleEndian(prefix[12..], json.Length);
            stream.Write(prefix);
            stream.Write(json);
            foreach (var sum in sums.Sums) stream.Write(MemoryMarshal.AsBytes(sum.Data.AsSpan()));
        });
    }

    /// <exception cref="InvalidDataException">The file is not a complete statistics cache file of this version; the message names it.</exception>
    public static (StatisticsCacheHeader Header, KeyMomentSums Sums) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 16 || !bytes.AsSpan(0, 8).SequenceEqual(s_magic)) throw Corrupt(path, "not an Amend statistics cache file");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version) throw Corrupt(path, $"version {version}, expected {Version}");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (headerLength <= 0 || 16L + headerLength > bytes.Length) throw Corrupt(path, "truncated header");
        var header = Deserialize(path, bytes.AsSpan(16, headerLength));
        long expected = 16L + headerLength + (8L * header.Widths.Sum(d => (long)d * d));
        if (bytes.Length != expected || header.Layers.Length != header.Widths.Length) throw Corrupt(path, $"{bytes.Length} bytes, expected {expected}");
        var sums = new List<Matrix64>();
        int offset = 16 + headerLength;
        foreach (int d in header.Widths)
        {
            var data = new double[d * d];
            bytes.AsSpan(offset, d * d * 8).CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
            sums.Add(new Matrix64(d, d, data));
            offset += d * d * 8;
        }

        var state = new KeyMomentSums(header.Layers, sums) { Count = header.Count, RowsConsumed = header.RowsConsumed, RowsDone = header.RowsDone };
        return (header, state);
    }

    private static StatisticsCacheHeader Deserialize(string path, ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<StatisticsCacheHeader>(json) ?? throw Corrupt(path, "empty header");
        }
        catch (JsonException e)
        {
            throw Corrupt(path, "unreadable header: " + e.Message);
        }
    }

    private static InvalidDataException Corrupt(string path, string why) =>
        new($"statistics cache file {path}: {why}; delete it and re-run `amend stats`");
}
