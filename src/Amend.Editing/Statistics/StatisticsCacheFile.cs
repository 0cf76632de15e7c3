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

    // A span of bytes holds at most int.MaxValue of them, fewer than one 16384-wide layer has: layers are
    // written and read in slices of 2^27 doubles (1 GiB).
    private const int SliceDoubles = 1 << 27;

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
            foreach (var sum in sums.Sums)
            {
                for (long i = 0; i < sum.Data.LongLength; i += SliceDoubles) stream.Write(MemoryMarshal.AsBytes(Slice(sum.Data, i)));
            }
        });
    }

    /// <summary>Reads the file a layer at a time, so it may be larger than one array (a 16384-wide layer is 2 GiB).</summary>
    /// <exception cref="InvalidDataException">The file is not a complete statistics cache file of this version; the message names it.</exception>
    public static (StatisticsCacheHeader Header, KeyMomentSums Sums) Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long length = stream.Length;
        Span<byte> prefix = stackalloc byte[16];
        if (stream.ReadAtLeast(prefix, 16, throwOnEndOfStream: false) < 16 || !prefix[..8].SequenceEqual(s_magic)) throw Corrupt(path, "not an Amend statistics cache file");
        int version = BinaryPrimitives.ReadInt32LittleEndian(prefix[8..]);
        if (version != Version) throw Corrupt(path, $"version {version}, expected {Version}");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(prefix[12..]);
        if (headerLength <= 0 || 16L + headerLength > length) throw Corrupt(path, "truncated header");
        byte[] json = new byte[headerLength];
        stream.ReadExactly(json);
        var header = Deserialize(path, json);
        if (header.Layers is null || header.Widths is null || header.Layers.Length != header.Widths.Length) throw Corrupt(path, "the header's layers and widths do not match");
        if (header.Widths.Any(d => d <= 0 || (long)d * d > Array.MaxLength)) throw Corrupt(path, $"implausible layer widths {string.Join(", ", header.Widths)}");
        long expected = 16L + headerLength + (8L * header.Widths.Sum(d => (long)d * d));
        if (length != expected) throw Corrupt(path, $"{length} bytes, expected {expected}");
        var sums = new List<Matrix64>();
        foreach (int d in header.Widths)
        {
            var data = new double[(long)d * d];
            for (long i = 0; i < data.LongLength; i += SliceDoubles) stream.ReadExactly(MemoryMarshal.AsBytes(Slice(data, i)));
            sums.Add(new Matrix64(d, d, data));
        }

        var state = new KeyMomentSums(header.Layers, sums) { Count = header.Count, RowsConsumed = header.RowsConsumed, RowsDone = header.RowsDone };
        return (header, state);
    }

    private static Span<double> Slice(double[] data, long start) => data.AsSpan((int)start, (int)Math.Min(SliceDoubles, data.LongLength - start));

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
