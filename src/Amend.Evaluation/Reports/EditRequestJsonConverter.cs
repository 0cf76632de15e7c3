using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amend.Evaluation.Reports;

/// <summary>
/// Writes an <see cref="EditRequest"/> with EasyEdit's field names (prompt, subject, target_new, ground_truth,
/// rephrase_prompts, portability, locality) and reads it back; its computed members (the template, which
/// needs the subject in the prompt) are not written, so invalid requests round-trip too.
/// </summary>
internal sealed class EditRequestJsonConverter : JsonConverter<EditRequest>
{
    public override EditRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            return Request(document.RootElement);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
        {
            // JsonElement reports a value of the wrong kind, a missing member or an unreadable string this way;
            // the serializer passes only JsonException on with the path and the file.
            throw new JsonException($"request: {e.Message}", e);
        }
    }

    private static EditRequest Request(JsonElement root) =>
        new()
        {
            Prompt = Text(root, "prompt"),
            Subject = Text(root, "subject"),
            TargetNew = Text(root, "target_new"),
            GroundTruth = root.TryGetProperty("ground_truth", out var truth) && truth.ValueKind == JsonValueKind.String ? truth.GetString() : null,
            RephrasePrompts = root.TryGetProperty("rephrase_prompts", out var rephrase) ? [.. rephrase.EnumerateArray().Select(e => e.GetString()!)] : [],
            Portability = Probes(root, "portability"),
            Locality = Probes(root, "locality"),
        };

    public override void Write(Utf8JsonWriter writer, EditRequest value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("prompt", value.Prompt);
        writer.WriteString("subject", value.Subject);
        writer.WriteString("target_new", value.TargetNew);
        if (value.GroundTruth is not null) writer.WriteString("ground_truth", value.GroundTruth);
        writer.WritePropertyName("rephrase_prompts");
        JsonSerializer.Serialize(writer, value.RephrasePrompts);
        WriteProbes(writer, "portability", value.Portability);
        WriteProbes(writer, "locality", value.Locality);
        writer.WriteEndObject();
    }

    private static void WriteProbes(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, IReadOnlyList<Probe>> probes)
    {
        writer.WriteStartObject(name);
        foreach (var (kind, list) in probes)
        {
            writer.WriteStartArray(kind);
            foreach (var probe in list)
            {
                writer.WriteStartObject();
                writer.WriteString("prompt", probe.Prompt);
                writer.WritePropertyName("answers");
                JsonSerializer.Serialize(writer, probe.Answers);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"request field \"{name}\" is missing");

    private static Dictionary<string, IReadOnlyList<Probe>> Probes(JsonElement root, string name)
    {
        var probes = new Dictionary<string, IReadOnlyList<Probe>>();
        if (!root.TryGetProperty(name, out var section)) return probes;
        foreach (var kind in section.EnumerateObject())
        {
            probes[kind.Name] = [.. kind.Value.EnumerateArray().Select(p => new Probe(Text(p, "prompt"), [.. p.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)]))];
        }

        return probes;
    }
}
