using System.Text.Json.Nodes;
using Amend.Editing.CausalTracing;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend trace --json</c>: the traces' numbers, under the names ROME's causal_trace saves them with
/// (input_tokens, subject_range, scores, low_score, high_score), so plotting code written for ROME's files reads them.
/// </summary>
internal static class TraceReportJson
{
    public static JsonObject Write(IReadOnlyList<TraceResult> results, string figure)
    {
        var first = results[0];
        return new JsonObject
        {
            ["answer"] = first.Answer,
            ["answer_id"] = first.AnswerId,
            ["high_score"] = first.CleanProbability,
            ["low_score"] = first.CorruptedProbability,
            ["noise_std"] = first.NoiseStd,
            ["samples"] = first.Samples,
            ["input_tokens"] = new JsonArray([.. first.Tokens.Select(t => JsonValue.Create(t))]),
            ["subject_range"] = new JsonArray(first.SubjectStart, first.SubjectEnd),
            ["traces"] = new JsonArray([.. results.Select(Trace)]),
            ["figure"] = figure,
        };
    }

    // scores[token][layer], the answer's probability with that state restored.
    private static JsonObject Trace(TraceResult result) => new()
    {
        ["kind"] = result.Kind.ToString().ToLowerInvariant(),
        ["window"] = result.Window,
        ["scores"] = new JsonArray([.. Enumerable.Range(0, result.Tokens.Length).Select(t =>
            new JsonArray([.. Enumerable.Range(0, result.Layers).Select(l => JsonValue.Create(result.Scores[t, l]))]))]),
    };
}
