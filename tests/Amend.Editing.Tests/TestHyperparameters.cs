using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Editing.Tests;

/// <summary>Hyperparameters of no method, for tests that commit hand-made deltas.</summary>
internal sealed record TestHyperparameters : IHyperparameters
{
    [JsonPropertyName("alg_name")]
    public string AlgName => "TEST";

    [JsonPropertyName("scale")]
    public double Scale { get; init; } = 1;

    public IReadOnlyList<string> Validate(ModelArchitecture architecture) => [];
}
