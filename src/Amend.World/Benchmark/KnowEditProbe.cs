using System.Text.Json.Serialization;

namespace Amend.World.Benchmark;

/// <summary>A portability or locality probe in KnowEdit's shape: a prompt and the answer the edited world gives.</summary>
/// <param name="Prompt">The prompt; the answer follows after one space.</param>
/// <param name="GroundTruth">The answer in the edited world.</param>
public sealed record KnowEditProbe(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("ground_truth")] string GroundTruth);
