using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// Reads EasyEdit's <c>norm_constraint</c>: a number is the clamp radius ε, while <c>false</c> or null means
/// "no clamp" (most of EasyEdit's FT files say <c>norm_constraint: false</c>).
/// </summary>
internal sealed class NormConstraintConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null or JsonTokenType.False => null,
        JsonTokenType.Number => reader.GetDouble(),
        _ => throw new JsonException("expected a number (the clamp radius) or false (no clamp)"),
    };

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is double eps) writer.WriteNumberValue(eps);
        else writer.WriteBooleanValue(false);
    }
}
