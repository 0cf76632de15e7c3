using System.Text.Json.Serialization;

namespace Amend.Evaluation.Running;

/// <summary>What a run was: recorded in summary.json so reports and merges know what they combine.</summary>
/// <param name="Method">The editing method (EasyEdit alg_name).</param>
/// <param name="Model">The model's name.</param>
/// <param name="Dataset">The dataset's name ("ZsRE", "CounterFact"...).</param>
/// <param name="Format">The reader's format name.</param>
/// <param name="DataPath">The benchmark file.</param>
/// <param name="Mode">"single", "sequential" or "batch".</param>
/// <param name="BatchSize">Cases per batch edit (batch mode), else 1.</param>
/// <param name="Schedule">When cases were evaluated (<see cref="RunOptions.Schedule"/>).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Limit">The --limit, if any.</param>
/// <param name="Shard">"i/n" when the run is one shard; null for a whole run or a merge.</param>
/// <param name="Protocols">The protocols measured.</param>
public sealed record RunInfo(
    string Method,
    string Model,
    string Dataset,
    string Format,
    string DataPath,
    string Mode,
    int BatchSize,
    string Schedule,
    int Seed,
    int? Limit,
    string? Shard,
    IReadOnlyList<string> Protocols)
{
    /// <summary>
    /// Everything the run records that changes its numbers, in words: runs with equal configurations (and shards)
    /// can be merged or resumed into one. The data file and the protocols count too: a fluency sampled from the top
    /// k and a greedy one are both "fluency" in a table.
    /// </summary>
    [JsonIgnore]
    public string Configuration =>
        $"{Method}, {Model}, {Dataset} ({Format}, {DataPath}), {Mode}, batch {BatchSize}, {Schedule}, seed {Seed}, limit {Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, protocols {string.Join(" + ", Protocols)}";
}
