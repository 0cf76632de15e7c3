using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Finds strings that JSON parses but .NET cannot read: an escaped lone surrogate such as <c>"\ud800"</c> passes
/// <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/>, and only reading it throws a bare
/// <see cref="InvalidOperationException"/>. Readers check a document once, right after parsing, and report the
/// path this returns as a format error naming the file.
/// </summary>
public static class JsonStrings
{
    /// <summary>
    /// The JSON path of the first string value or member name under <paramref name="root"/> that holds an unpaired
    /// surrogate escape ("model.vocab", "a member name in weight_map", "templates[2]"), or null when every one reads.
    /// </summary>
    public static string? FindUnreadable(JsonElement root) => Find(root) switch
    {
        null => null,
        var (path, inName) => inName ? $"a member name in {Name(path)}" : Name(path),
    };

    /// <summary>Throws when <see cref="FindUnreadable"/> finds a string, so that readers' JSON error handling reports it.</summary>
    /// <exception cref="JsonException">A string value or member name holds an unpaired surrogate escape; the message gives its path.</exception>
    public static void RequireReadable(JsonElement root)
    {
        if (FindUnreadable(root) is { } where) throw new JsonException($"{where} holds an unpaired UTF-16 surrogate escape (such as \\ud800 alone), which is not text");
    }

    /// <summary>Parses <paramref name="json"/> into a document whose strings all read (see <see cref="RequireReadable"/>).</summary>
    /// <exception cref="JsonException">The text is not JSON, or a string does not read.</exception>
    public static JsonDocument ParseDocument(string json)
    {
        var document = JsonDocument.Parse(json);
        try
        {
            RequireReadable(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Parses <paramref name="json"/> into a <see cref="JsonNode"/> whose strings all read and whose objects name each
    /// member once; a repeated member otherwise throws <see cref="ArgumentException"/> on first access.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, an object repeats a member, or a string does not read.</exception>
    public static JsonNode? ParseNode(string json)
    {
        // Strings are checked first: the duplicate check compares decoded names, so an unreadable one would throw
        // there, without a path.
        ParseDocument(json).Dispose();

        return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
    }

    // The path is built only on the way back from a failure, so a clean document costs no allocation per string.
    private static (string Path, bool InName)? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Escaped(JsonMarshal.GetRawUtf8Value(element)) && !Reads(element, static e => e.GetString()) ? ("", false) : null;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item) is var (path, inName)) return ($"[{index}]{path}", inName);
                    index++;
                }

                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (Escaped(JsonMarshal.GetRawUtf8PropertyName(member)) && !Reads(member, static m => m.Name)) return ("", true);
                    if (Find(member.Value) is var (path, inName)) return ($".{member.Name}{path}", inName);
                }

                return null;
            default:
                return null;
        }
    }

    // Only an escape can encode a lone surrogate (the parser has already checked the raw UTF-8), so strings
    // without a backslash, nearly all of them, are passed without being decoded.
    private static bool Escaped(ReadOnlySpan<byte> raw) => raw.Contains((byte)'\\');

    private static bool Reads<T>(T value, Func<T, string?> read)
    {
        try
        {
            read(value);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "the top level" : path.StartsWith('.') ? path[1..] : path;
}
