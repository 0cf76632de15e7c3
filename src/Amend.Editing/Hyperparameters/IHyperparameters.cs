using Amend.Models.Architectures;

namespace Amend.Editing.Hyperparameters;

/// <summary>
/// A method's typed hyperparameters. Implementations are records whose properties carry EasyEdit's YAML key
/// names (<c>[JsonPropertyName("v_num_grad_steps")]</c>), so <see cref="HyperparameterFile"/> reads a user's
/// EasyEdit file unchanged.
/// </summary>
public interface IHyperparameters
{
    /// <summary>EasyEdit's alg_name for the method ("ROME", "MEMIT", "FT").</summary>
    string AlgName { get; }

    /// <summary>Checks the values against a model before any work (layers in range, modules present, positive counts).</summary>
    /// <returns>One message per problem, each naming its key; empty when the values fit.</returns>
    IReadOnlyList<string> Validate(ModelArchitecture architecture);
}
