using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Models.Architectures;

namespace Amend.Editing.Methods.Pmet;

/// <summary>
/// PMET's hyperparameters, bound to EasyEdit's <c>hparams/PMET/*.yaml</c> keys: MEMIT's key set (layers, z search,
/// module templates, statistics; every key EasyEdit's PMETHyperParams requires is required here) plus the NLL weight
/// and the list of rewritten modules. PMET reads mlp_module_tmp and attn_module_tmp: the two outputs of the last edited
/// layer whose deltas are optimised jointly.
/// </summary>
public sealed record PmetHyperparameters : MemitHyperparameters
{
    /// <inheritdoc/>
    [JsonPropertyName("alg_name")]
    public override string AlgName => "PMET";

    /// <summary>The weight of the NLL term in the z loss (EasyEdit: 1); a tenth of it while the target is already the argmax.</summary>
    [JsonPropertyName("nll_loss_factor")]
    public required double NllLossFactor { get; init; }

    /// <summary>
    /// The rewritten modules. PMET updates only the FFN weights, so this must be [rewrite_module_tmp] (every EasyEdit
    /// PMET file has that); EasyEdit's option of also rewriting attention's out_proj is not the paper's method.
    /// </summary>
    [JsonPropertyName("rewrite_module_tmps")]
    public required IReadOnlyList<string> RewriteModuleTmps { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Validate(ModelArchitecture architecture)
    {
        var problems = base.Validate(architecture).ToList();
        if (!(NllLossFactor > 0) || !double.IsFinite(NllLossFactor)) problems.Add($"nll_loss_factor: must be finite and > 0, got {LocateThenEditChecks.Format(NllLossFactor)}");
        if (RewriteModuleTmps is not [var only] || only != RewriteModuleTmp)
        {
            problems.Add($"rewrite_module_tmps: must be [\"{RewriteModuleTmp}\"] (PMET updates only the FFN output projection named by rewrite_module_tmp), got [{string.Join(", ", (RewriteModuleTmps ?? []).Select(t => $"\"{t}\""))}]");
        }

        return problems;
    }
}
