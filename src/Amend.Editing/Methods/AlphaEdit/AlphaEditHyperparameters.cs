using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.AlphaEdit;

/// <summary>
/// AlphaEdit's hyperparameters, bound to EasyEdit's <c>hparams/AlphaEdit/*.yaml</c>: MEMIT's keys (z search, layers,
/// modules, statistics) plus the null-space threshold, the L2 weight and P_loc. mom2_update_weight is read but, as in
/// EasyEdit, AlphaEdit's solve does not use it.
/// </summary>
public sealed record AlphaEditHyperparameters : MemitHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public override string AlgName => "AlphaEdit";

    /// <summary>Eigenvalues of C below this span the null space the update is projected onto (EasyEdit: 2e-2).</summary>
    [JsonPropertyName("nullspace_threshold")]
    public required double NullspaceThreshold { get; init; }

    /// <summary>The L2 weight on ΔW in the projected solve (EasyEdit's recipes: 10, 1 for Llama-3 and Qwen2.5).</summary>
    [JsonPropertyName("L2")]
    public required double L2 { get; init; }

    /// <summary>
    /// EasyEdit's path of a precomputed projector file (a torch pickle); read for compatibility and not opened: the
    /// projector is computed from the key statistics instead and cached in the editor.
    /// </summary>
    [JsonPropertyName("P_loc")]
    public required string PLoc { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        var problems = base.Validate(architecture).ToList();
        if (!(NullspaceThreshold > 0) || !double.IsFinite(NullspaceThreshold)) problems.Add($"nullspace_threshold: must be finite and > 0, got {LocateThenEditChecks.Format(NullspaceThreshold)}");
        if (!(L2 > 0) || !double.IsFinite(L2)) problems.Add($"L2: must be finite and > 0 (it keeps the projected system invertible), got {LocateThenEditChecks.Format(L2)}");
        return problems;
    }
}
