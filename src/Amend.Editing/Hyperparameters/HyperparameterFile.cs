using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Amend.Editing.Hyperparameters;

/// <summary>
/// Reads EasyEdit hyperparameter YAML into a method's typed record: keys are matched to the record's
/// <c>[JsonPropertyName]</c>s, required keys must be present, unknown keys are reported as warnings (or, when the
/// caller collects none, refused: a misspelt optional key would otherwise silently run with its default), and
/// every error names the file and the key.
/// </summary>
public static class HyperparameterFile
{
    // Keys EasyEdit files carry for its own runtime (devices, paths on the author's machine); meaningless here.
    private static readonly HashSet<string> RuntimeKeys = ["model_name", "device", "model_parallel", "fp16", "bf16", "max_length", "batch_size", "stats_dir", "sequential_edit"];

    // Nullable annotations are enforced, so "layers: ~" is an error naming the key, not a null list that a
    // method trips over later.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver(), RespectNullableAnnotations = true };

    /// <summary>
    /// Reads <paramref name="path"/> as hyperparameters of type <typeparamref name="T"/>. With <paramref name="algName"/>
    /// (the method the file is for), a file whose alg_name names another method is refused before its keys are
    /// read, so the error says so instead of listing the keys the other method does not have.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="HyperparameterException">The YAML is malformed, a required key is missing, a value has the wrong type, alg_name names another method, or a key is unknown and no <paramref name="warnings"/> list collects it.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static T Read<T>(string path, ICollection<string>? warnings = null, string? algName = null)
        where T : IHyperparameters
    {
        InputFile.RequireExists(path, "hyperparameter file");
        return Parse<T>(InputFile.ReadAllText(path, "a hyperparameter file"), path, warnings, algName);
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in errors, <paramref name="algName"/> as in <see cref="Read{T}"/>.</summary>
    public static T Parse<T>(string yaml, string source, ICollection<string>? warnings = null, string? algName = null)
        where T : IHyperparameters
    {
        var (node, repeatedKeys) = ToJson(yaml, source);
        if (algName is not null) RequireAlgName(node, algName, source);
        foreach (string key in repeatedKeys) warnings?.Add($"{source}: key \"{key}\" is given more than once; the last value is used, as PyYAML (and so EasyEdit) does");
        ReportUnknownKeys<T>(node, source, warnings);
        T result;
        try
        {
            result = node.Deserialize<T>(Json) ?? throw new HyperparameterException($"{source}: empty hyperparameter file");
        }
        catch (JsonException e)
        {
            throw new HyperparameterException($"{source}: {Describe<T>(e, node)}", e);
        }

        RequireAlgName(node, result.AlgName, source);
        return result;
    }

    /// <summary>Validates against a model and throws one error listing every problem, naming <paramref name="source"/> (the YAML file) when given.</summary>
    /// <exception cref="HyperparameterException">Any value does not fit the model.</exception>
    public static void RequireValid(IHyperparameters hyperparameters, ModelArchitecture architecture, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var problems = hyperparameters.Validate(architecture);
        string from = source is null ? "" : $"{source}: ";
        if (problems.Count > 0) throw new HyperparameterException($"{from}{hyperparameters.AlgName} hyperparameters do not fit this {architecture.ModelType} model: {string.Join("; ", problems)}");
    }

    /// <summary>The hyperparameters as JSON with EasyEdit's key names (for the edit journal and reports).</summary>
    public static string ToJson(IHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        return JsonSerializer.Serialize(hyperparameters, hyperparameters.GetType(), Json);
    }

    /// <summary>Reads hyperparameters back from <see cref="ToJson(IHyperparameters)"/>.</summary>
    public static IHyperparameters FromJson(string json, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return (IHyperparameters)(JsonSerializer.Deserialize(json, type, Json) ?? throw new HyperparameterException("empty hyperparameter JSON"));
    }

    // A file's alg_name, when it has one, must name the method it is read for.
    private static void RequireAlgName(JsonObject node, string algName, string source)
    {
        if (node["alg_name"] is JsonValue alg && alg.ToString() is string name && !string.Equals(name, algName, StringComparison.OrdinalIgnoreCase))
        {
            throw new HyperparameterException($"{source}: alg_name is \"{name}\" but these are {algName} hyperparameters");
        }
    }

    // The mapping of keys to values, and the keys it repeats.
    private static (JsonObject Node, List<string> RepeatedKeys) ToJson(string yaml, string source)
    {
        List<string> repeated;
        object? document;
        try
        {
            repeated = Scan(yaml, source);
            document = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        }
        catch (YamlException e)
        {
            throw new HyperparameterException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var node = Convert(document) as JsonObject ?? throw new HyperparameterException($"{source}: expected a mapping of keys to values at the top level");
        return (node, repeated);
    }

    // One pass over the YAML's events, before anything is built from them.
    // Aliases are refused: EasyEdit's files never use anchors and aliases, and nested aliases expand exponentially
    // (ten levels of ten make 10¹⁰ nodes).
    // Keys a mapping repeats are returned: EasyEdit's own files have some (PMET's gpt-j-6B.yaml gives model_parallel
    // twice), and PyYAML keeps the last value, as the deserializer here does; so a repeat is a warning, never an error.
    private static List<string> Scan(string yaml, string source)
    {
        var repeated = new List<string>();
        var mappings = new Stack<OpenMapping?>();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.AnchorAlias alias:
                        throw new HyperparameterException($"{source}: line {alias.Start.Line}: YAML aliases (*{alias.Value}) are not supported in hyperparameter files; write the values out");
                    case YamlDotNet.Core.Events.Scalar scalar when mappings.TryPeek(out var top) && top is { AtKey: true } mapping:
                        if (!mapping.Keys.Add(scalar.Value)) repeated.Add(scalar.Value);
                        mapping.AtKey = false;
                        break;
                    case YamlDotNet.Core.Events.Scalar:
                        ValueDone(mappings);
                        break;
                    case YamlDotNet.Core.Events.MappingStart:
                        mappings.Push(new OpenMapping());
                        break;
                    case YamlDotNet.Core.Events.SequenceStart:
                        mappings.Push(null);
                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        mappings.Pop();
                        ValueDone(mappings);
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The syntax error ends the scan here; the deserializer reports it.
        }

        return repeated;
    }

    // A value ended inside a mapping (a sequence is null on the stack): its next scalar is a key again.
    private static void ValueDone(Stack<OpenMapping?> mappings)
    {
        if (mappings.TryPeek(out var top) && top is not null) top.AtKey = true;
    }

    // A mapping the scan is inside: the keys it has given, and whether its next scalar is a key.
    private sealed class OpenMapping
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public bool AtKey { get; set; } = true;
    }

    private static JsonNode? Convert(object? value) => value switch
    {
        null => null,
        IDictionary<object, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key.ToString()!, Convert(kv.Value)))),
        IList<object> list => new JsonArray([.. list.Select(Convert)]),
        string s => Scalar(s),
        _ => JsonValue.Create(value.ToString()),
    };

    // YAML 1.1 scalars as EasyEdit's PyYAML reads them: integers, floats (5e-1), booleans, null; else strings.
    private static JsonNode? Scalar(string s)
    {
        if (s is "~" or "null" or "Null" or "NULL") return null;
        if (s is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (s is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return JsonValue.Create(l);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(s);
    }

    // The file's keys that are neither T's nor the runtime settings EasyEdit's files carry.
    private static IEnumerable<string> UnknownKeys<T>(JsonObject node)
    {
        var known = Json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return node.Select(kv => kv.Key).Where(k => !known.Contains(k) && !RuntimeKeys.Contains(k));
    }

    private static void ReportUnknownKeys<T>(JsonObject node, string source, ICollection<string>? warnings)
    {
        foreach (var key in UnknownKeys<T>(node))
        {
            if (warnings is null) throw new HyperparameterException($"{source}: key \"{key}\" is not a {typeof(T).Name} key (misspelt?); pass a warnings list to ignore unknown keys with a warning");
            warnings.Add($"{source}: key \"{key}\" is not a {typeof(T).Name} key; ignored");
        }
    }

    private static string Describe<T>(JsonException e, JsonObject node)
    {
        string key = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "(top level)";
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal)) return MissingKeys<T>(node);
        if (e.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal)) return $"key \"{key}\" is null; it needs a value";
        var (expected, found) = ExpectedAndFound<T>(key, node);

        // A converter of ours says what it expects; System.Text.Json's own message names .NET types.
        if (e.Message.StartsWith("expected ", StringComparison.Ordinal)) expected = e.Message.Split(". Path")[0]["expected ".Length..];
        return expected is null
            ? $"key \"{key}\" has a value of the wrong type ({e.Message.Split(". Path")[0]})"
            : $"key \"{key}\" must be {expected}, got {found}";
    }

    // Names the required keys the file lacks and, since a missing key is most often a misspelt one, the keys it has
    // that the method does not know.
    private static string MissingKeys<T>(JsonObject node)
    {
        var missing = Json.GetTypeInfo(typeof(T)).Properties.Where(p => p.IsRequired && !node.ContainsKey(p.Name)).Select(p => $"\"{p.Name}\"").ToList();
        var unknown = UnknownKeys<T>(node).Select(k => $"\"{k}\"").ToList();
        string text = $"missing required key{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}";
        return unknown.Count == 0 ? text : $"{text}; the file has {string.Join(", ", unknown)}, unknown to {typeof(T).Name} (misspelt?)";
    }

    // What the key's type asks for and what the file holds there, in YAML's words: "layers[1]" walks from the
    // property "layers" into its element type and the node's second item.
    private static (string? Expected, string Found) ExpectedAndFound<T>(string key, JsonObject node)
    {
        var parts = key.Split('[');
        var property = Json.GetTypeInfo(typeof(T)).Properties.FirstOrDefault(p => p.Name == parts[0]);
        Type? type = property?.PropertyType;
        JsonNode? value = node[parts[0]];
        foreach (string index in parts.Skip(1))
        {
            type = type is null ? null : FileValueTypes.ElementType(type);
            value = value is JsonArray list && int.TryParse(index.TrimEnd(']'), CultureInfo.InvariantCulture, out int i) && i < list.Count ? list[i] : null;
        }

        return (type is null ? null : FileValueTypes.DescribeFor(type, value), Found(value));
    }

    private static string Found(JsonNode? value) => value switch
    {
        JsonArray => "a list",
        JsonObject => "a mapping",
        JsonValue v when v.TryGetValue(out string? text) => $"\"{text}\"",
        JsonValue v => v.ToJsonString(),
        _ => "nothing",
    };
}
