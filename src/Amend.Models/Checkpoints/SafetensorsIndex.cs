using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amend.Models.Checkpoints;

/// <summary>
/// The index of a sharded checkpoint, <c>model.safetensors.index.json</c>:
/// <c>{"metadata": {"total_size": bytes}, "weight_map": {tensor name: shard file name}}</c>.
/// </summary>
public sealed class SafetensorsIndex
{
    /// <summary>The file name Hugging Face gives the index of a sharded safetensors checkpoint.</summary>
    public const string FileName = "model.safetensors.index.json";

    // Real indexes are a few MB at most (one line per tensor); a larger file is not an index.
    private const long MaxIndexBytes = 100_000_000;

    /// <summary>Creates an index; shard names must be plain file names (no folders), as the shards sit beside the index.</summary>
    /// <exception cref="ArgumentException">A shard name is empty, has a folder part, or is "." or "..".</exception>
    public SafetensorsIndex(IReadOnlyDictionary<string, string> weightMap, long? totalSize = null)
    {
        ArgumentNullException.ThrowIfNull(weightMap);
        foreach (var (name, shard) in weightMap)
        {
            if (!IsPlainFileName(shard)) throw new ArgumentException($"weight_map['{name}'] = '{shard}' is not a plain file name beside the index", nameof(weightMap));
        }

        WeightMap = new SortedDictionary<string, string>(weightMap.ToDictionary(), StringComparer.Ordinal);
        TotalSize = totalSize;
        ShardFiles = WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Tensor name → shard file name, sorted by tensor name.</summary>
    public IReadOnlyDictionary<string, string> WeightMap { get; }

    /// <summary><c>metadata.total_size</c>: the summed byte size of all tensors, when the index states it.</summary>
    public long? TotalSize { get; }

    /// <summary>The distinct shard file names, sorted.</summary>
    public IReadOnlyList<string> ShardFiles { get; }

    /// <summary>Reads and checks an index file.</summary>
    /// <exception cref="CheckpointFormatException">The file is not JSON of the expected form, or a shard name has a folder part.</exception>
    public static SafetensorsIndex Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxIndexBytes) throw new CheckpointFormatException(path, $"index is {length} bytes, over the {MaxIndexBytes}-byte limit");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CheckpointFormatException(path, "index must be a JSON object");
            JsonStrings.RequireReadable(root);
            if (!root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(path, "index has no \"weight_map\" object");
            }

            return new SafetensorsIndex(ReadWeightMap(map, path), ReadTotalSize(root, path));
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"index is not valid JSON ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException(path, e.Message, e);
        }
    }

    /// <summary>Writes the index as Hugging Face does (2-space indent, keys sorted), atomically.</summary>
    public void Write(string path)
    {
        byte[] text = ToBytes();
        AtomicFile.Write(path, stream => stream.Write(text));
    }

    /// <summary>The index as the UTF-8 JSON text <see cref="Write"/> puts in its file.</summary>
    internal byte[] ToBytes()
    {
        var metadata = new JsonObject();
        if (TotalSize is long total) metadata["total_size"] = total;
        var map = new JsonObject();
        foreach (var (name, shard) in WeightMap) map[name] = shard;
        var root = new JsonObject { ["metadata"] = metadata, ["weight_map"] = map };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(options) + "\n");
    }

    private static Dictionary<string, string> ReadWeightMap(JsonElement map, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String) throw new CheckpointFormatException(path, $"weight_map['{entry.Name}'] must be a file name string, found {entry.Value.ValueKind}");
            if (!result.TryAdd(entry.Name, entry.Value.GetString()!)) throw new CheckpointFormatException(path, $"weight_map names '{entry.Name}' twice");
        }

        return result;
    }

    private static long? ReadTotalSize(JsonElement root, string path)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object) return null;
        if (!metadata.TryGetProperty("total_size", out var total)) return null;
        if (total.ValueKind == JsonValueKind.Number && total.TryGetInt64(out long exact) && exact >= 0) return exact;
        // Some exporters write total_size as a float (e.g. 1.2e10); only its integer value matters.
        if (total.ValueKind == JsonValueKind.Number && total.TryGetDouble(out double value) && value >= 0 && value == Math.Floor(value)) return (long)value;
        throw new CheckpointFormatException(path, $"metadata.total_size = {total.GetRawText()} is not a non-negative integer");
    }

    private static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0 && !Path.IsPathRooted(name);
}
