using System.Text.Json;
using System.Text.Json.Nodes;
using Amend.Models.Checkpoints;

namespace Amend.Models.HuggingFace;

/// <summary>
/// A config.json being bound to a typed record: each read marks its key as used, required keys fail
/// with the file and key named, and whatever was never read is reported as unknown.
/// </summary>
public sealed class ConfigJson
{
    private readonly JsonObject _root;
    private readonly HashSet<string> _used = [];

    private ConfigJson(JsonObject root, string path)
    {
        _root = root;
        Path = path;
    }

    /// <summary>The file this configuration came from (for error messages).</summary>
    public string Path { get; }

    /// <summary>The model_type key, or null when absent.</summary>
    public string? ModelType => _root["model_type"]?.GetValueKind() == JsonValueKind.String ? (string?)_root["model_type"] : null;

    /// <summary>Reads and parses a config.json file.</summary>
    /// <exception cref="ModelConfigException">The file is missing, not JSON, or not a JSON object.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static ConfigJson Load(string path)
    {
        if (!File.Exists(path)) throw new ModelConfigException(path, "file not found");
        try
        {
            return Parse(InputFile.ReadAllText(path, "a config.json"), path);
        }
        catch (IOException e)
        {
            throw new ModelConfigException(path, "cannot be read: " + e.Message);
        }
    }

    /// <summary>Parses config.json text; <paramref name="path"/> names it in errors.</summary>
    public static ConfigJson Parse(string json, string path)
    {
        try
        {
            return JsonStrings.ParseNode(json) is JsonObject root
                ? new ConfigJson(root, path)
                : throw new ModelConfigException(path, "the top level is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelConfigException(path, "is not valid JSON: " + e.Message);
        }
    }

    /// <summary>Whether some value of this object is itself an object (a section of sections).</summary>
    public bool HasNestedObjects => _root.Any(p => p.Value is JsonObject);

    /// <summary>Whether the key is present (even with a null value).</summary>
    public bool Has(string key) => _root.ContainsKey(key);

    /// <summary>A key the architecture cannot do without.</summary>
    public T Required<T>(string key) => _root[key] is null
        ? throw new ModelConfigException(Path, $"required key \"{key}\" is missing")
        : Optional<T>(key)!;

    /// <summary>A key with a default; <paramref name="fallback"/> is what transformers uses when the key is absent or null.</summary>
    public T Value<T>(string key, T fallback) => _root[key] is null ? Mark(key, fallback) : Optional<T>(key)!;

    /// <summary>A key that may be absent or null.</summary>
    public T? Optional<T>(string key)
    {
        _used.Add(key);
        var node = _root[key];
        if (node is null) return default;
        try
        {
            return node.Deserialize<T>();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ModelConfigException(Path, $"key \"{key}\" has value {node.ToJsonString()}, not {FileValueTypes.DescribeFor(typeof(T), node) ?? typeof(T).Name}");
        }
    }

    /// <summary>Token ids given as one number or a list (eos_token_id is a list in Llama-3); empty when absent.</summary>
    public int[] TokenIds(string key, params int[] fallback)
    {
        _used.Add(key);
        return _root[key] switch
        {
            null => fallback,
            JsonArray list => [.. list.Select((n, i) => TokenId(n) ?? throw new ModelConfigException(Path, $"key \"{key}\"[{i}] is {n?.ToJsonString() ?? "null"}, not a token id (an integer from 0 to {int.MaxValue})"))],
            var node when node.GetValueKind() == JsonValueKind.Number => [TokenId(node) ?? throw new ModelConfigException(Path, $"key \"{key}\" is {node.ToJsonString()}, not a token id (an integer from 0 to {int.MaxValue})")],
            var node => throw new ModelConfigException(Path, $"key \"{key}\" has value {node.ToJsonString()}, not a token id or a list of them"),
        };
    }

    private static int? TokenId(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int id) && id >= 0 ? id : null;

    /// <summary>The object under <paramref name="key"/>, as a nested configuration (null when absent or null).</summary>
    public ConfigJson? Section(string key)
    {
        _used.Add(key);
        return _root[key] switch
        {
            null => null,
            JsonObject section => new ConfigJson(section, $"{Path} ({key})"),
            var other => throw new ModelConfigException(Path, $"key \"{key}\" should be an object, got {other.ToJsonString()}"),
        };
    }

    private T Mark<T>(string key, T value)
    {
        _used.Add(key);
        return value;
    }

    /// <summary>Marks keys as understood although no value is read (training-only settings such as dropout).</summary>
    public void Ignore(params string[] keys)
    {
        foreach (string key in keys) _used.Add(key);
    }

    /// <summary>Keys present in the file that nothing read or ignored, sorted.</summary>
    public IReadOnlyList<string> UnknownKeys() => [.. _root.Select(p => p.Key).Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal)];
}
