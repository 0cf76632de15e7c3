using System.Text.Json;
using System.Text.Json.Nodes;
using Amend.Models.Checkpoints;

namespace Amend.Editing.Requests;

/// <summary>
/// Reads and writes edit requests in EasyEdit's request fields: prompt, subject, target_new, ground_truth,
/// rephrase_prompt (a string or a list), and portability/locality groups by kind, each either a list of
/// {prompt, ground_truth} objects or one {prompt: [...], ground_truth: [...]} object (EasyEdit's locality_inputs form).
/// </summary>
public static class EditRequestJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a JSON file holding one request object or a list of them.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="EditRequestException">Malformed JSON or a missing/mistyped field; the message names the file, the record index and the field.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static IReadOnlyList<EditRequest> ReadFile(string path)
    {
        InputFile.RequireExists(path, "requests file");
        JsonNode? root;
        try
        {
            root = JsonStrings.ParseNode(InputFile.ReadAllText(path, "a requests file"));
        }
        catch (JsonException e)
        {
            throw new EditRequestException("(file)", $"{path} is not valid JSON: {e.Message}");
        }

        var records = root switch
        {
            JsonArray array => array.ToList(),
            JsonObject single => [single],
            _ => throw new EditRequestException("(file)", $"{path} must hold a request object or a list of them"),
        };
        return [.. records.Select((r, i) => Parse(r as JsonObject ?? throw Error(path, i, "(record)", "is not an object"), path, i))];
    }

    /// <summary>Parses one request object; <paramref name="source"/> and <paramref name="index"/> name it in errors.</summary>
    public static EditRequest Parse(JsonObject record, string source, int index)
    {
        ArgumentNullException.ThrowIfNull(record);
        var request = new EditRequest
        {
            Prompt = RequiredString(record, "prompt", source, index),
            Subject = RequiredString(record, "subject", source, index),
            TargetNew = Text(record["target_new"], source, index, "target_new") ?? throw Error(source, index, "target_new", "is missing"),
            GroundTruth = Text(record["ground_truth"], source, index, "ground_truth"),
            RephrasePrompts = Strings(record["rephrase_prompt"] ?? record["rephrase_prompts"], source, index, "rephrase_prompt"),
            Portability = Groups(record["portability"], source, index, "portability"),
            Locality = Groups(record["locality"], source, index, "locality"),
        };
        try
        {
            request.Validate();
        }
        catch (EditRequestException e)
        {
            throw e.At($"{source}, record {index}");
        }

        return request;
    }

    /// <summary>One request as an EasyEdit-shaped JSON object.</summary>
    public static JsonObject ToJson(EditRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = new JsonObject { ["prompt"] = request.Prompt, ["subject"] = request.Subject, ["target_new"] = request.TargetNew };
        if (request.GroundTruth is not null) json["ground_truth"] = request.GroundTruth;
        if (request.RephrasePrompts.Count > 0) json["rephrase_prompt"] = new JsonArray([.. request.RephrasePrompts.Select(p => JsonValue.Create(p))]);
        if (request.Portability.Count > 0) json["portability"] = GroupsToJson(request.Portability);
        if (request.Locality.Count > 0) json["locality"] = GroupsToJson(request.Locality);
        return json;
    }

    /// <summary>Writes requests as an indented JSON list.</summary>
    public static string ToJson(IEnumerable<EditRequest> requests) => new JsonArray([.. requests.Select(ToJson)]).ToJsonString(Indented);

    private static JsonObject GroupsToJson(IReadOnlyDictionary<string, IReadOnlyList<Probe>> groups) =>
        new(groups.Select(g => KeyValuePair.Create<string, JsonNode?>(g.Key, new JsonArray([.. g.Value.Select(p => new JsonObject
        {
            ["prompt"] = p.Prompt,
            ["ground_truth"] = new JsonArray([.. p.Answers.Select(a => JsonValue.Create(a))]),
        })]))));

    // A prompt or subject is one text: a list of several would silently edit only its first.
    private static string RequiredString(JsonObject record, string field, string source, int index) => record[field] switch
    {
        JsonArray { Count: > 1 } many => throw Error(source, index, field, $"holds {many.Count} texts; a request takes one (write one request per {field})"),
        var node => Text(node, source, index, field) ?? throw Error(source, index, field, "is missing"),
    };

    // A text field may be a string or a list whose first element is the answer (KnowEdit stores some as lists).
    private static string? Text(JsonNode? node, string source, int index, string field) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonArray { Count: > 0 } a => Text(a[0], source, index, field),
        _ => throw Error(source, index, field, $"must be a string, not {node.ToJsonString()}"),
    };

    private static IReadOnlyList<string> Strings(JsonNode? node, string source, int index, string field) => node switch
    {
        null => [],
        JsonArray a => [.. a.Select((n, i) => Text(n, source, index, $"{field}[{i}]") ?? throw Error(source, index, $"{field}[{i}]", "is null"))],
        _ => [Text(node, source, index, field)!],
    };

    private static Dictionary<string, IReadOnlyList<Probe>> Groups(JsonNode? node, string source, int index, string field)
    {
        if (node is null) return [];
        if (node is not JsonObject groups) throw Error(source, index, field, "must be an object of probe kinds");
        return groups.ToDictionary(g => g.Key, g => Probes(g.Value, source, index, $"{field}.{g.Key}"));
    }

    private static IReadOnlyList<Probe> Probes(JsonNode? node, string source, int index, string field)
    {
        if (node is JsonObject columns)
        {
            var prompts = Strings(columns["prompt"], source, index, field + ".prompt");
            var answers = columns["ground_truth"] as JsonArray;
            if (answers is null || answers.Count != prompts.Count) throw Error(source, index, field + ".ground_truth", $"needs one answer per prompt ({prompts.Count})");
            return [.. prompts.Select((p, i) => new Probe(p, Answers(answers[i], source, index, $"{field}.ground_truth[{i}]")))];
        }

        if (node is not JsonArray rows) throw Error(source, index, field, "must be a list of {prompt, ground_truth} or one object of lists");
        return [.. rows.Select((row, i) => row is JsonObject o
            ? new Probe(RequiredString(o, "prompt", source, index), Answers(o["ground_truth"], source, index, $"{field}[{i}].ground_truth"))
            : throw Error(source, index, $"{field}[{i}]", "is not an object"))];
    }

    // KnowEdit answers come as "x", ["x", "alias"] or [["x", "alias"]].
    private static IReadOnlyList<string> Answers(JsonNode? node, string source, int index, string field)
    {
        var flat = node is JsonArray { Count: > 0 } a && a[0] is JsonArray inner ? inner : node;
        var answers = Strings(flat, source, index, field);
        return answers.Count > 0 ? answers : throw Error(source, index, field, "has no answer");
    }

    private static EditRequestException Error(string source, int index, string field, string message) =>
        new EditRequestException(field, message).At($"{source}, record {index}");
}
