using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Pmet;
using Amend.Models.Architectures;

namespace Amend.Editing.Tests.Methods.Pmet;

public sealed class PmetHyperparametersTests
{
    // EasyEdit's hparams/PMET/gpt-j-6B.yaml as published, model_parallel repeated and all.
    private const string EasyEditGptJ = """
        alg_name: "PMET"
        model_name: "./hugging_cache/gpt-j-6B"
        stats_dir: "./data/stats"
        device: 0
        layers: [3, 4, 5, 6, 7, 8]
        clamp_norm_factor: 0.75
        layer_selection: "all"
        fact_token: "subject_last"
        v_num_grad_steps: 30
        v_lr: 2e-1
        v_loss_layer: 27
        v_weight_decay: 0.5
        kl_factor: 1
        mom2_adjustment: true
        mom2_update_weight: 15000
        rewrite_module_tmp: "transformer.h.{}.mlp.fc_out"
        rewrite_module_tmps: ["transformer.h.{}.mlp.fc_out"]
        layer_module_tmp: "transformer.h.{}"
        mlp_module_tmp: "transformer.h.{}.mlp.fc_out"
        attn_module_tmp: "transformer.h.{}.attn.out_proj"
        ln_f_module: "transformer.ln_f"
        lm_head_module: "lm_head"
        mom2_dataset: "wikipedia"
        mom2_n_samples: 100000
        mom2_dtype: "float32"
        model_parallel: false
        nll_loss_factor: 1
        model_parallel: false
        """;

    // EasyEdit's hparams/PMET/llama-7b.yaml as published.
    private const string EasyEditLlama = """
        alg_name: "PMET"
        model_name: "./hugging_cache/llama-2-7b"
        stats_dir: "./data/stats"
        device: 0
        layers: [4, 5, 6, 7, 8]
        clamp_norm_factor: 1
        layer_selection: "all"
        fact_token: "subject_last"
        v_num_grad_steps: 20
        v_lr: 5e-1
        v_loss_layer: 31
        v_weight_decay: 0.5
        kl_factor: 0.0625
        mom2_adjustment: true
        mom2_update_weight: 15000
        rewrite_module_tmp: "model.layers.{}.mlp.down_proj"
        rewrite_module_tmps: ["model.layers.{}.mlp.down_proj"]
        layer_module_tmp: "model.layers.{}"
        mlp_module_tmp: "model.layers.{}.mlp.down_proj"
        attn_module_tmp: "model.layers.{}.self_attn.o_proj"
        ln_f_module: "model.norm"
        lm_head_module: "lm_head"
        mom2_dataset: "wikipedia"
        mom2_n_samples: 100000
        mom2_dtype: "float32"
        model_parallel: false
        nll_loss_factor: 1
        model_parallel: false
        """;

    [Fact]
    public void EasyEditGptJFile_Binds_AndFitsGptJ()
    {
        // Given / When
        var warnings = new List<string>();
        var h = HyperparameterFile.Parse<PmetHyperparameters>(EasyEditGptJ, "gpt-j-6B.yaml", warnings);

        // Then it binds; the one warning is EasyEdit's own repeated key
        Assert.Equal("gpt-j-6B.yaml: key \"model_parallel\" is given more than once; the last value is used, as PyYAML (and so EasyEdit) does", Assert.Single(warnings));
        Assert.Equal(1, h.NllLossFactor);
        Assert.Equal(["transformer.h.{}.mlp.fc_out"], h.RewriteModuleTmps);
        Assert.Equal(15000, h.Mom2UpdateWeight);
        Assert.Equal(8, h.ZLayer);
        Assert.Empty(h.Validate(ModelArchitectures.GptJ(28, tiedHead: false)));
    }

    [Fact]
    public void EasyEditLlamaFile_FitsLlama_AndItsEditPointsAreTheSubLayerOutputs()
    {
        // Given
        var h = HyperparameterFile.Parse<PmetHyperparameters>(EasyEditLlama, "llama-7b.yaml");
        var llama = ModelArchitectures.Llama("llama", 32, tiedHead: false);

        // When
        var settings = PmetEditor.Settings(llama, h);

        // Then: δ_FFN at down_proj's output, δ_attn at the attention sub-layer (o_proj's output), loss at block 31
        Assert.Empty(h.Validate(llama));
        Assert.Equal(new Models.Hooks.HookPoint(ModuleRole.MlpOutputProjection, 8), settings.EditPoint);
        Assert.Equal([Models.Hooks.HookPoint.Attention(8)], settings.JointEditPoints);
        Assert.Equal(31, settings.LossLayer);
        Assert.True(settings.EaseNllAtArgmax);
    }

    [Fact]
    public void MissingNllLossFactor_NamesTheKey()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<PmetHyperparameters>(EasyEditGptJ.Replace("nll_loss_factor: 1", string.Empty, StringComparison.Ordinal), "gpt-j-6B.yaml"));

        Assert.Contains("gpt-j-6B.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("nll_loss_factor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ReadsAPmetFile()
    {
        // Given
        string path = Path.Combine(Path.GetTempPath(), $"pmet-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, PmetFixture.Yaml);
        try
        {
            // When
            var editor = EditorRegistry.Create("pmet", path);

            // Then
            var pmet = Assert.IsType<PmetEditor>(editor);
            Assert.Equal("PMET", pmet.Method);
            Assert.Equal(1, ((PmetHyperparameters)pmet.Hyperparameters).NllLossFactor);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
