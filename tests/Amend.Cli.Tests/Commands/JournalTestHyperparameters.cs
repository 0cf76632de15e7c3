using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Cli.Tests.Commands;

/// <summary>Hyperparameters of no method, for journals built by hand in tests.</summary>
internal sealed record JournalTestHyperparameters : IHyperparameters
{
    [JsonPropertyName("alg_name")]
    public string AlgName => "TEST";

    public IReadOnlyList<string> Validate(ModelArchitecture architecture) => [];
}
