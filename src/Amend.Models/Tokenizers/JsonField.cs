using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tokenizers;

/// <summary>
/// A value in a tokenizer JSON file together with its file and JSON path, so that every reading error says
/// where it is ("…/tokenizer.json: model.merges[3]: must be a string or an array of two strings").
/// </summary>
internal readonly struct JsonField(JsonElement element, string file, string where)
{
    /// <summary>The JSON value.</summary>
    public JsonElement Element => element;

    /// <summary>Its JSON path, for messages ("" for the root).</summary>
    public string Where => where;

    /// <summary>Parses a whole file; invalid JSON becomes a <see cref="TokenizerFormatException"/> naming the file.</summary>
    public static JsonDocument ParseFile(string path)
    {
        try
        {
            var document = JsonDocument.Parse(InputFile.ReadAllBytes(path, "a tokenizer file"), new JsonDocumentOptions { AllowTrailingCommas = true });
            JsonStrings.RequireReadable(document.RootElement);
            return document;
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The root of a parsed file.</summary>
    public static JsonField Root(JsonDocument document, string path) => new(document.RootElement, path, "");

    /// <summary>A required member of this object.</summary>
    public JsonField Get(string name) => TryGet(name) ?? throw Error($"{Child(name)} is missing");

    /// <summary>A member of this object, or null when it is absent or JSON null.</summary>
    public JsonField? TryGet(string name)
    {
        RequireKind(JsonValueKind.Object, "an object");
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonField(value, file, Child(name))
            : null;
    }

    /// <summary>An optional string member; null when absent.</summary>
    public string? OptionalString(string name) => TryGet(name)?.AsString();

    /// <summary>An optional boolean member; <paramref name="fallback"/> when absent.</summary>
    public bool OptionalBool(string name, bool fallback) => TryGet(name)?.AsBool() ?? fallback;

    public string AsString() => RequireKind(JsonValueKind.String, "a string").GetString()!;

    public bool AsBool() => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"{where} must be true or false, found {Describe()}"),
    };

    /// <summary>A non-negative 32-bit integer (a token id or count).</summary>
    public int AsNonNegativeInt() =>
        RequireKind(JsonValueKind.Number, "a number").TryGetInt32(out int value) && value >= 0
            ? value
            : throw Error($"{where} must be a non-negative 32-bit integer, found {Describe()}");

    /// <summary>
    /// The largest token id accepted: the tokenizer keeps an id → token array, and real vocabularies stay
    /// below 300,000, so an id in the millions is a typo that would otherwise allocate gigabytes.
    /// </summary>
    public const int MaxTokenId = (1 << 24) - 1;

    /// <summary>A token id: a non-negative integer up to <see cref="MaxTokenId"/>.</summary>
    public int AsTokenId()
    {
        int id = AsNonNegativeInt();
        return id <= MaxTokenId ? id : throw Error($"{where}: token id {id} is above {MaxTokenId}, far past any vocabulary");
    }

    public double AsDouble() => RequireKind(JsonValueKind.Number, "a number").GetDouble();

    /// <summary>The items of this array, each with its index in the path.</summary>
    public IEnumerable<JsonField> Items()
    {
        RequireKind(JsonValueKind.Array, "an array");
        int i = 0;
        foreach (var item in element.EnumerateArray()) yield return new JsonField(item, file, $"{where}[{i++}]");
    }

    /// <summary>The members of this object.</summary>
    public IEnumerable<(string Name, JsonField Value)> Properties()
    {
        RequireKind(JsonValueKind.Object, "an object");
        foreach (var member in element.EnumerateObject()) yield return (member.Name, new JsonField(member.Value, file, Child(member.Name)));
    }

    /// <summary>An error about this value, naming the file and the JSON path.</summary>
    public TokenizerFormatException Error(string problem) => new(file, problem);

    /// <summary>An error saying this value (a normalizer, pre-tokenizer, ...) has a type Amend does not implement.</summary>
    public TokenizerFormatException Unsupported(string type, string supported) =>
        Error($"{where}.type \"{type}\" is not supported (supported: {supported})");

    private JsonElement RequireKind(JsonValueKind kind, string description) =>
        element.ValueKind == kind ? element : throw Error($"{(where.Length == 0 ? "the root" : where)} must be {description}, found {Describe()}");

    private string Child(string name) => where.Length == 0 ? name : $"{where}.{name}";

    private string Describe()
    {
        string text = element.GetRawText();
        return text.Length <= 40 ? $"{element.ValueKind} {text}" : $"{element.ValueKind} {text[..40]}…";
    }
}
