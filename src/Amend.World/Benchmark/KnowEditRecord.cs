using System.Text.Json.Serialization;

namespace Amend.World.Benchmark;

/// <summary>
/// One edit request in the shape of KnowEdit's WikiData_counterfact records (field names as in its JSON):
/// portability kinds Subject_Aliasing, Reasoning, Logical_Generalization; locality kinds
/// Relation_Specificity and Forgetfulness, plus Unrelated (facts of other subjects). A kind without probes is omitted.
/// </summary>
/// <param name="Subject">The edited subject.</param>
/// <param name="Prompt">Canonical trained template, subject filled in.</param>
/// <param name="TargetNew">The new object.</param>
/// <param name="GroundTruth">The object before the edit.</param>
/// <param name="Rephrase">A held-out template (never in training) of the same fact.</param>
/// <param name="Portability">Probes whose answers must change with the edit, by kind.</param>
/// <param name="Locality">Probes whose answers must not change, by kind.</param>
public sealed record KnowEditRecord(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("target_new")] string TargetNew,
    [property: JsonPropertyName("ground_truth")] string GroundTruth,
    [property: JsonPropertyName("rephrase")] string Rephrase,
    [property: JsonPropertyName("portability")] IReadOnlyDictionary<string, IReadOnlyList<KnowEditProbe>> Portability,
    [property: JsonPropertyName("locality")] IReadOnlyDictionary<string, IReadOnlyList<KnowEditProbe>> Locality);
