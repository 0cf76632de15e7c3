using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amend.Evaluation.Reports;

/// <summary>
/// The JSON settings of every report file: snake_case names, protocols as names, requests in EasyEdit's field names.
/// Reading, a missing constructor field or a null where the type allows none is a <see cref="JsonException"/>
/// naming it, not a record with a null member that fails later.
/// </summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Lines { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new EditRequestJsonConverter());
        return options;
    }
}
