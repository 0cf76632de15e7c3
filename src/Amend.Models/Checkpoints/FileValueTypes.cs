using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Amend.Models.Checkpoints;

/// <summary>
/// A .NET type as a JSON or YAML file's author would name it in a message ("a list of integers", not
/// <c>IReadOnlyList`1[System.Int32]</c>).
/// </summary>
public static class FileValueTypes
{
    /// <summary>"an integer", "a number", "true or false", "a string", "one of a, b", "a list of …"; null for other types.</summary>
    public static string? Describe(Type type) => Describe(type, plural: false);

    /// <summary>
    /// What <paramref name="type"/> asks of <paramref name="value"/>, a value the file holds that did not convert: as
    /// <see cref="Describe(Type)"/>, and with the range where the value is a whole number too large for an integer
    /// (so 99999999999 is not called "not an integer").
    /// </summary>
    public static string? DescribeFor(Type type, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        var core = Nullable.GetUnderlyingType(type) ?? type;
        bool wholeNumber = value is JsonValue v && (v.TryGetValue(out long _) || (v.TryGetValue(out double d) && double.IsFinite(d) && Math.Floor(d) == d));
        return core == typeof(int) && wholeNumber
            ? string.Create(CultureInfo.InvariantCulture, $"an integer from {int.MinValue} to {int.MaxValue}")
            : Describe(type);
    }

    /// <summary>The items' type of an array or other sequence (not of a string); null when <paramref name="type"/> is none.</summary>
    public static Type? ElementType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type == typeof(string)) return null;
        return type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static string? Describe(Type type, bool plural)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long)) return plural ? "integers" : "an integer";
        if (type == typeof(double) || type == typeof(float)) return plural ? "numbers" : "a number";
        if (type == typeof(bool)) return plural ? "booleans" : "true or false";
        if (type == typeof(string)) return plural ? "strings" : "a string";
        if (type.IsEnum) return "one of " + string.Join(", ", type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(EnumName));
        return ElementType(type) is Type element && Describe(element, plural: true) is string items ? (plural ? "lists of " : "a list of ") + items : null;
    }

    // As a file spells it: the member's JSON name, else the member's own.
    private static string EnumName(FieldInfo field) => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
}
