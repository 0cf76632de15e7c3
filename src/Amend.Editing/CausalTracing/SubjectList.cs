using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Editing.CausalTracing;

/// <summary>
/// The subjects of a fact list, over whose token embeddings ROME measures the noise scale σ (collect_embedding_std
/// over known_1000.json). Reads a JSON list of records with a "subject" (ROME's known_1000.json, KnowEdit and MEND's
/// zsRE files) or a "requested_rewrite" holding one (CounterFact).
/// </summary>
public static class SubjectList
{
    /// <summary>Every record's subject, in file order, repeats kept (ROME concatenates one embedding per record).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not JSON, not a non-empty list, or a record without a subject string; the message names the file and the record.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        InputFile.RequireExists(path, "subjects file");
        try
        {
            using var document = JsonStrings.ParseDocument(InputFile.ReadAllText(path, "a subjects file"));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0) throw new InvalidDataException($"{path}: expected a non-empty JSON list of records with a \"subject\", found {Describe(root)}");
            return [.. root.EnumerateArray().Select((record, i) => Subject(record) ?? throw new InvalidDataException($"{path}: record {i} has no \"subject\" string (nor \"requested_rewrite\".\"subject\")"))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON: {e.Message}", e);
        }
    }

    private static string? Subject(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object) return null;
        if (record.TryGetProperty("subject", out var subject)) return NonEmpty(subject);
        return record.TryGetProperty("requested_rewrite", out var rewrite) && rewrite.ValueKind == JsonValueKind.Object && rewrite.TryGetProperty("subject", out subject) ? NonEmpty(subject) : null;
    }

    private static string? NonEmpty(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static string Describe(JsonElement root) => root.ValueKind == JsonValueKind.Array ? "an empty list" : root.ValueKind.ToString().ToLowerInvariant();
}
