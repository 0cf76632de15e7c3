using System.Text.Json.Nodes;

namespace Amend.Editing.Journal;

/// <summary>One applied edit as the journal records it; its tensors live in <see cref="File"/> beside journal.json.</summary>
/// <param name="Index">1-based position in the journal.</param>
/// <param name="Method">EasyEdit alg_name of the method.</param>
/// <param name="Hyperparameters">The hyperparameters with EasyEdit's keys.</param>
/// <param name="Requests">The facts written, in EasyEdit's request fields.</param>
/// <param name="Parameters">The weights changed.</param>
/// <param name="Diagnostics">Numbers the method reported.</param>
/// <param name="Timestamp">When the edit was applied (UTC).</param>
/// <param name="File">The safetensors file with "delta/NAME" (float32) and "before/NAME" (original dtype) per weight.</param>
public sealed record JournalEntry(
    int Index,
    string Method,
    JsonObject Hyperparameters,
    JsonArray Requests,
    IReadOnlyList<JournalParameter> Parameters,
    IReadOnlyDictionary<string, double> Diagnostics,
    DateTimeOffset Timestamp,
    string File);
