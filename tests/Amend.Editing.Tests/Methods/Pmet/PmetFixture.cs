using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Pmet;
using Amend.Editing.Tests.Methods.Memit;

namespace Amend.Editing.Tests.Methods.Pmet;

/// <summary>
/// PMET has no EasyEdit golden: its tests run on the golden GPT-2 with the MEMIT golden's statistics, templates and
/// requests, and a PMET file in EasyEdit's keys (its GPT-J file with GPT-2's module names and the MEMIT golden's
/// layers). λ is small because on this random 3-layer model EasyEdit's λ = 20000 leaves the facts unmoved.
/// </summary>
internal static class PmetFixture
{
    public const string Yaml = """
        alg_name: "PMET"
        model_name: "./hugging_cache/gpt2-golden"
        stats_dir: "./data/stats"
        device: 0
        layers: [0, 1]
        clamp_norm_factor: 4
        layer_selection: "all"
        fact_token: "subject_last"
        v_num_grad_steps: 40
        v_lr: 5e-1
        v_loss_layer: 2
        v_weight_decay: 0.5
        kl_factor: 0.0625
        mom2_adjustment: true
        mom2_update_weight: 1
        rewrite_module_tmp: "transformer.h.{}.mlp.c_proj"
        rewrite_module_tmps: ["transformer.h.{}.mlp.c_proj"]
        layer_module_tmp: "transformer.h.{}"
        mlp_module_tmp: "transformer.h.{}.mlp.c_proj"
        attn_module_tmp: "transformer.h.{}.attn.c_proj"
        ln_f_module: "transformer.ln_f"
        lm_head_module: "transformer.wte"
        mom2_dataset: "wikitext2"
        mom2_n_samples: 1000
        mom2_dtype: "float32"
        model_parallel: false
        nll_loss_factor: 1
        """;

    public static readonly MemitGolden Golden = MemitGolden.Load("MEMIT-batch");

    public static PmetHyperparameters Hyperparameters => HyperparameterFile.Parse<PmetHyperparameters>(Yaml, "pmet-gpt2.yaml");

    public static EditOptions Options => Golden.Options;
}
