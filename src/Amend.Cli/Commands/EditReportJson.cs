using System.Text.Json.Nodes;
using Amend.Editing;
using Amend.Editing.Journal;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend edit --json</c>: the saved folder, each request with the model's continuation before and after, and the
/// new journal entries (weights changed with their delta norms, the method's diagnostics), in snake_case as the
/// journal and EasyEdit's request fields are.
/// </summary>
internal static class EditReportJson
{
    public static JsonObject Write(string outDir, IReadOnlyList<EditRequest> requests, IReadOnlyList<string> before, IReadOnlyList<string> after, EditJournal journal, int edits) => new()
    {
        ["out"] = Path.GetFullPath(outDir),
        ["requests"] = new JsonArray([.. requests.Select((r, i) => new JsonObject
        {
            ["prompt"] = r.FilledPrompt,
            ["subject"] = r.Subject,
            ["target_new"] = r.TargetNew,
            ["before"] = before[i],
            ["after"] = after[i],
        })]),
        ["edits"] = new JsonArray([.. journal.Entries.TakeLast(edits).Select(Entry)]),
        ["journal_edits"] = journal.Entries.Count,
    };

    private static JsonObject Entry(JournalEntry entry) => new()
    {
        ["index"] = entry.Index,
        ["method"] = entry.Method,
        ["parameters"] = new JsonArray([.. entry.Parameters.Select(p => new JsonObject { ["name"] = p.Name, ["delta_norm"] = Number(p.DeltaNorm) })]),
        ["diagnostics"] = new JsonObject(entry.Diagnostics.Select(d => KeyValuePair.Create(d.Key, Number(d.Value)))),
    };

    // JSON has no NaN or infinity: a diagnostic that is not a number is written as null rather than failing the report.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
