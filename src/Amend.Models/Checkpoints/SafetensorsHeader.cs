using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace Amend.Models.Checkpoints;

/// <summary>
/// The validated header of one safetensors file: an 8-byte little-endian length N, then N bytes of UTF-8
/// JSON <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}</c>.
/// Offsets are relative to the byte buffer that follows the header and must tile it exactly.
/// </summary>
/// <remarks>
/// Every check runs before any tensor is allocated, so a file can only ask for as many bytes as it holds.
/// The rules follow the reference implementation (huggingface/safetensors): header at most 100 MB,
/// valid UTF-8, known dtypes, element count × element size = byte span, no gaps, no overlaps, no trailing bytes.
/// </remarks>
public sealed class SafetensorsHeader
{
    /// <summary>Largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes taken by the header-length prefix.</summary>
    public const int PrefixBytes = 8;

    private const string MetadataKey = "__metadata__";

    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    private SafetensorsHeader(long headerLength, List<SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        HeaderLength = headerLength;
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>N, the length of the JSON text including its padding.</summary>
    public long HeaderLength { get; }

    /// <summary>File offset of the byte buffer: 8 + N.</summary>
    public long DataStart => PrefixBytes + HeaderLength;

    /// <summary>The tensors in buffer order (ascending offsets).</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The free-form <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public SafetensorsTensorInfo? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Reads N from the first 8 bytes of a file of <paramref name="fileLength"/> bytes and checks it fits.</summary>
    /// <exception cref="CheckpointFormatException">The file is shorter than 8 bytes, or N is over the limit or past the end.</exception>
    public static long ReadHeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string path)
    {
        if (fileLength < PrefixBytes || prefix.Length < PrefixBytes)
        {
            throw new CheckpointFormatException(path, $"file is {fileLength} bytes, too short for the 8-byte safetensors header length");
        }

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes)
        {
            throw new CheckpointFormatException(path, $"header length {n} exceeds the {MaxHeaderBytes}-byte limit (not a safetensors file, or a corrupt one)");
        }

        if ((long)n > fileLength - PrefixBytes)
        {
            throw new CheckpointFormatException(path, $"header length {n} runs past the end of the {fileLength}-byte file (truncated download?)");
        }

        return (long)n;
    }

    /// <summary>Parses and validates the JSON header against a byte buffer of <paramref name="bufferLength"/> bytes.</summary>
    /// <exception cref="CheckpointFormatException">Any rule of the format is broken; the message names the entry and the values.</exception>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json, long bufferLength, string path)
    {
        if (!Utf8.IsValid(json)) throw new CheckpointFormatException(path, "header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"header is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CheckpointFormatException(path, $"header must be a JSON object, found {root.ValueKind}");
            RequireReadable(root, path);
            var (tensors, metadata) = ReadEntries(root, path);
            return new SafetensorsHeader(json.Length, InBufferOrder(tensors, bufferLength, path), metadata);
        }
    }

    private static void RequireReadable(JsonElement root, string path)
    {
        try
        {
            JsonStrings.RequireReadable(root);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"header: {e.Message}", e);
        }
    }

    private static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) ReadEntries(JsonElement root, string path)
    {
        var tensors = new List<SafetensorsTensorInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw new CheckpointFormatException(path, $"header names '{property.Name}' twice");
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata, path);
                continue;
            }

            tensors.Add(SafetensorsEntryParser.Parse(property.Name, property.Value, path));
        }

        return (tensors, metadata);
    }

    // null is no metadata: the reference reader declares it an Option, and some writers emit it.
    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object) throw new CheckpointFormatException(path, $"{MetadataKey} must be an object of strings, found {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String) throw new CheckpointFormatException(path, $"{MetadataKey}.{item.Name} must be a string, found {item.Value.ValueKind}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!)) throw new CheckpointFormatException(path, $"{MetadataKey} names '{item.Name}' twice");
        }
    }

    // The tensors must cover the buffer exactly, in offset order: a gap or an overlap means a corrupt
    // or hand-edited file, and trailing bytes mean the header and the data do not belong together.
    private static List<SafetensorsTensorInfo> InBufferOrder(List<SafetensorsTensorInfo> tensors, long bufferLength, string path)
    {
        var ordered = tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        long expected = 0;
        foreach (var t in ordered)
        {
            if (t.Begin != expected)
            {
                string what = t.Begin < expected ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw new CheckpointFormatException(path, $"tensor '{t.Name}' data_offsets [{t.Begin}, {t.End}] {what} (expected to start at {expected})");
            }

            expected = t.End;
        }

        if (expected != bufferLength)
        {
            throw new CheckpointFormatException(path, $"the tensors cover {expected} bytes but the data buffer after the header has {bufferLength} (truncated or padded file)");
        }

        return ordered;
    }
}
