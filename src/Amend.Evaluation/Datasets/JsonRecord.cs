using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// One record of a benchmark file with typed field access; every missing or mistyped field becomes a
/// <see cref="DatasetFormatException"/> naming the file, the record index and the field path.
/// </summary>
internal readonly struct JsonRecord(JsonElement element, string file, int index, string path = "")
{
    public JsonElement Element => element;

    public int Index => index;

    /// <summary>The dataset's own id (case_id, as written) or else the record index.</summary>
    public string Id() => Has("case_id") ? Text(element.GetProperty("case_id"), "case_id") : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool Has(string field) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    public string String(string field)
    {
        var value = Get(field);
        return value.ValueKind == JsonValueKind.String ? Text(value, field) : throw Error(field, $"expected a string, found {Describe(value)}");
    }

    public string? OptionalString(string field) => Has(field) ? String(field) : null;

    public JsonRecord Object(string field)
    {
        var value = Get(field);
        return value.ValueKind == JsonValueKind.Object ? new JsonRecord(value, file, index, Qualified(field)) : throw Error(field, $"expected an object, found {Describe(value)}");
    }

    public IReadOnlyList<JsonRecord> Objects(string field)
    {
        var value = Get(field);
        if (value.ValueKind != JsonValueKind.Array) throw Error(field, $"expected a list of objects, found {Describe(value)}");
        var items = new List<JsonRecord>();
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            string at = $"{field}[{i++}]";
            items.Add(item.ValueKind == JsonValueKind.Object ? new JsonRecord(item, file, index, Qualified(at)) : throw Error(at, $"expected an object, found {Describe(item)}"));
        }

        return items;
    }

    /// <summary>A list of strings (a single string counts as a list of one).</summary>
    public IReadOnlyList<string> Strings(string field)
    {
        var value = Get(field);
        if (value.ValueKind == JsonValueKind.String) return [Text(value, field)];
        if (value.ValueKind != JsonValueKind.Array) throw Error(field, $"expected a string or a list of strings, found {Describe(value)}");
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item.ValueKind == JsonValueKind.String ? Text(item, $"{field}[{items.Count}]") : throw Error($"{field}[{items.Count}]", $"expected a string, found {Describe(item)}"));
        }

        return items;
    }

    public IReadOnlyList<string> OptionalStrings(string field) => Has(field) ? Strings(field) : [];

    /// <summary>
    /// Answers as KnowEdit nests them (a string, a list, or a list of alias lists), flattened in order with
    /// empty strings dropped, so the first is the one EasyEdit scores (it unwraps <c>an[0][0]</c>).
    /// </summary>
    public IReadOnlyList<string> Answers(string field)
    {
        var answers = new List<string>();
        Flatten(Get(field), field, answers);
        return answers;
    }

    /// <summary>Like <see cref="Answers"/>, but at least one answer must remain.</summary>
    public IReadOnlyList<string> RequiredAnswers(string field)
    {
        var answers = Answers(field);
        return answers.Count > 0 ? answers : throw Error(field, "holds no non-empty answer");
    }

    public DatasetFormatException Error(string field, string message) => new(file, index, Qualified(field), message);

    private JsonElement Get(string field)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new DatasetFormatException(file, index, path.Length == 0 ? "(record)" : path, $"expected an object, found {Describe(element)}");
        return element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw Error(field, "is missing");
    }

    private void Flatten(JsonElement value, string field, List<string> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                string text = Text(value, field);
                if (text.Trim().Length > 0) into.Add(text);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray()) Flatten(item, field, into);
                break;
            default:
                throw Error(field, $"expected answers (a string or nested lists of strings), found {Describe(value)}");
        }
    }

    // JsonDocument checks a string's encoding only when it is read: a lone surrogate (\ud800) or a bad UTF-8 byte fails there.
    // A case_id may be any JSON value; it is shown as written.
    private string Text(JsonElement value, string field)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }
        catch (InvalidOperationException e)
        {
            throw Error(field, $"holds text that is not valid Unicode ({e.Message})");
        }
    }

    private string Qualified(string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
