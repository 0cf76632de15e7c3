using System.Text.Json;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Datasets;

/// <summary>The records of a file whose root is a JSON list, and the field test readers detect formats with.</summary>
internal static class RecordList
{
    public static IReadOnlyList<JsonRecord> Of(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Array) throw new DatasetFormatException(file, "expected a JSON list of records at the top level");
        return [.. root.EnumerateArray().Select((item, i) => new JsonRecord(item, file, i))];
    }

    /// <summary>Whether the root is a non-empty list whose first record has every one of <paramref name="fields"/>.</summary>
    public static bool FirstHas(JsonElement root, params string[] fields) =>
        root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object
        && fields.All(f => root[0].TryGetProperty(f, out _));

    /// <summary>Probes from KnowEdit's {kind: [{prompt, ground_truth}]} map; probes without a usable answer are dropped, as EasyEdit drops them.</summary>
    public static Dictionary<string, IReadOnlyList<Probe>> Probes(JsonRecord record, string field)
    {
        var probes = new Dictionary<string, IReadOnlyList<Probe>>();
        if (!record.Has(field)) return probes;
        var section = record.Object(field);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in section.Element.EnumerateObject())
        {
            // "overall" is the mean the reports compute over the kinds; a kind of that name would be averaged into it.
            if (kind.Name == MetricNames.Overall) throw record.Error($"{field}.{kind.Name}", "is a reserved name (reports compute the overall mean over the kinds); rename the kind");
            if (!seen.Add(kind.Name)) throw record.Error($"{field}.{kind.Name}", "appears twice; each probe kind may be given once");
            var list = section.Objects(kind.Name)
                .Select(p => (Prompt: p.String("prompt"), Answers: p.Answers("ground_truth")))
                .Where(p => p.Answers.Count > 0)
                .Select(p => new Probe(p.Prompt, p.Answers))
                .ToList();
            if (list.Count > 0) probes[kind.Name] = list;
        }

        return probes;
    }
}
