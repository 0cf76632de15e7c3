using System.Globalization;
using Amend.Models.Architectures;

namespace Amend.Editing.Hyperparameters;

/// <summary>
/// The checks ROME, MEMIT and their relatives share: the v*/z search numbers, the module templates (each must name a
/// module of the expected role) and fact_token. Each message starts with the EasyEdit key it is about.
/// </summary>
internal static class LocateThenEditChecks
{
    /// <summary>
    /// v_num_grad_steps ≥ 1, v_lr &gt; 0, v_weight_decay ≥ 0, clamp_norm_factor &gt; 0, kl_factor ≥ 0 (the four finite:
    /// YAML's 1e999 or .inf would turn the search's loss or step into NaN), v_loss_layer in range.
    /// </summary>
    public static IEnumerable<string> ValueSearch(ModelArchitecture architecture, int steps, double lr, double weightDecay, double clampNormFactor, double klFactor, int lossLayer)
    {
        if (steps < 1) yield return $"v_num_grad_steps: must be ≥ 1, got {steps}";
        if (!(lr > 0) || double.IsInfinity(lr)) yield return $"v_lr: must be a finite number > 0, got {Format(lr)}";
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay)) yield return $"v_weight_decay: must be a finite number ≥ 0, got {Format(weightDecay)}";
        if (!(clampNormFactor > 0) || double.IsInfinity(clampNormFactor)) yield return $"clamp_norm_factor: must be a finite number > 0, got {Format(clampNormFactor)}";
        if (!(klFactor >= 0) || double.IsInfinity(klFactor)) yield return $"kl_factor: must be a finite number ≥ 0, got {Format(klFactor)}";
        if (lossLayer < 0 || lossLayer >= architecture.NumLayers) yield return $"v_loss_layer: {lossLayer} is out of range 0..{architecture.NumLayers - 1}";
    }

    /// <summary>
    /// Each (key, template, roles): the template resolves on <paramref name="architecture"/> to one of the roles. When
    /// some name no module at all, the model's module names follow once, after the problems.
    /// </summary>
    public static IEnumerable<string> Modules(ModelArchitecture architecture, params (string Key, string Template, ModuleRole[] Roles)[] modules)
    {
        bool unknown = false;
        foreach (var (key, template, roles) in modules)
        {
            if (!architecture.TryResolve(template, out var role))
            {
                unknown = true;
                yield return $"{key}: \"{template}\" is not a module of this {architecture.ModelType} model ({architecture.NumLayers} layers)";
            }
            else if (!roles.Contains(role))
            {
                yield return $"{key}: \"{template}\" is the {role} module; expected {string.Join(" or ", roles)}";
            }
        }

        if (unknown) yield return $"the model's modules are {string.Join(", ", architecture.ModuleTemplates)}";
    }

    /// <summary>The module templates every locate-then-edit method reads, with the roles each may name.</summary>
    public static IEnumerable<string> StandardModules(ModelArchitecture architecture, string rewrite, string mlp, string layer, string attn, string lnF, string lmHead) =>
        Modules(
            architecture,
            ("rewrite_module_tmp", rewrite, [ModuleRole.MlpOutputProjection]),
            ("mlp_module_tmp", mlp, [ModuleRole.Mlp, ModuleRole.MlpOutputProjection]),
            ("layer_module_tmp", layer, [ModuleRole.Block]),
            ("attn_module_tmp", attn, [ModuleRole.Attention, ModuleRole.AttentionOutputProjection]),
            ("ln_f_module", lnF, [ModuleRole.FinalNorm]),
            ("lm_head_module", lmHead, [ModuleRole.LmHead, ModuleRole.Embedding]));

    /// <summary>fact_token parses (<see cref="Shared.FactTokens.Parse"/>).</summary>
    public static IEnumerable<string> FactToken(string factToken)
    {
        string? problem = null;
        try
        {
            Shared.FactTokens.Parse(factToken);
        }
        catch (ArgumentException e)
        {
            problem = e.Message.Split(" (Parameter")[0];
        }

        if (problem is not null) yield return problem;
    }

    /// <summary>
    /// mom2_dtype names a floating-point dtype as torch spells it: EasyEdit looks it up on the torch module to accumulate
    /// the statistics in, so any other name fails there. Amend accumulates in float64 whatever it says; the name only
    /// picks EasyEdit's statistics file.
    /// </summary>
    public static IEnumerable<string> Mom2Dtype(string dtype)
    {
        string[] floating = ["float32", "float64", "float16", "bfloat16", "float", "double", "half"];
        if (!floating.Contains(dtype, StringComparer.Ordinal)) yield return $"mom2_dtype: must be a torch floating-point dtype ({string.Join(", ", floating)}), got \"{dtype}\"";
    }

    /// <summary>A double as YAML would show it.</summary>
    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
