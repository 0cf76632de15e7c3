using Amend.Models.Architectures;

namespace Amend.Models.Tests.Architectures;

public sealed class ModelArchitectureTests
{
    [Theory]
    [InlineData("gpt2", "transformer.h.{}.mlp.c_proj", "transformer.h.5.mlp.c_proj")]
    [InlineData("gptj", "transformer.h.{}.mlp.fc_out", "transformer.h.5.mlp.fc_out")]
    [InlineData("gpt_neox", "gpt_neox.layers.{}.mlp.dense_4h_to_h", "gpt_neox.layers.5.mlp.dense_4h_to_h")]
    [InlineData("llama", "model.layers.{}.mlp.down_proj", "model.layers.5.mlp.down_proj")]
    public void EasyEditRewriteTemplate_ResolvesToMlpOutputProjection(string type, string template, string layer5)
    {
        // Given the rewrite_module_tmp that EasyEdit's hparams use for each family
        var architecture = Build(type);

        // When
        var (role, layer) = architecture.Resolve(template);

        // Then
        Assert.Equal((ModuleRole.MlpOutputProjection, null), (role, layer));
        Assert.Equal(layer5, architecture.ModuleName(ModuleRole.MlpOutputProjection, 5));
        Assert.Equal((ModuleRole.MlpOutputProjection, 5), architecture.Resolve(layer5));
    }

    [Fact]
    public void GlobalModulesAndBlocks_Resolve()
    {
        var gpt2 = ModelArchitectures.Gpt2(12, tiedHead: true);

        Assert.Equal((ModuleRole.Embedding, null), gpt2.Resolve("transformer.wte"));
        Assert.Equal((ModuleRole.FinalNorm, null), gpt2.Resolve("transformer.ln_f"));
        Assert.Equal((ModuleRole.Block, 3), gpt2.Resolve("transformer.h.3"));
        Assert.Equal("transformer.wte", gpt2.ModuleName(ModuleRole.LmHead));
        Assert.Equal(WeightLayout.InByOut, gpt2.ProjectionLayout);
    }

    [Fact]
    public void TransformersHeadModule_ResolvesToTheHead_TiedOrNot()
    {
        // transformers keeps lm_head (GPT-NeoX: embed_out) as a module over a tied embedding, and EasyEdit's LLaMA and
        // Qwen recipes name it in lm_head_module
        Assert.Equal((ModuleRole.LmHead, null), ModelArchitectures.Llama("qwen2", 2, tiedHead: true).Resolve("lm_head"));
        Assert.Equal((ModuleRole.LmHead, null), ModelArchitectures.Llama("llama", 2, tiedHead: false).Resolve("lm_head"));
        Assert.Equal((ModuleRole.LmHead, null), ModelArchitectures.Gpt2(2, tiedHead: true).Resolve("lm_head"));
        Assert.Equal((ModuleRole.LmHead, null), ModelArchitectures.GptNeoX(2, tiedHead: true).Resolve("embed_out"));
        Assert.Throws<ArgumentException>(() => ModelArchitectures.GptNeoX(2, tiedHead: true).Resolve("lm_head"));
    }

    [Fact]
    public void GptJ_HasNoMlpNorm_AndSaysSo()
    {
        var gptj = ModelArchitectures.GptJ(2, tiedHead: false);

        Assert.False(gptj.Has(ModuleRole.MlpNorm));
        Assert.Throws<ArgumentException>(() => gptj.ModuleName(ModuleRole.MlpNorm, 0));
    }

    [Fact]
    public void LayerOutOfRange_IsAnError()
    {
        var llama = ModelArchitectures.Llama("llama", 3, tiedHead: false);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => llama.ModuleName(ModuleRole.Mlp, 3));

        Assert.Contains("0..2", error.Message);
        Assert.Throws<ArgumentException>(() => llama.Resolve("model.layers.3.mlp"));
    }

    [Fact]
    public void UnknownName_ListsKnownTemplates()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelArchitectures.Gpt2(2, true).Resolve("transformer.h.{}.mlp.down_proj"));

        Assert.Contains("transformer.h.{}.mlp.c_proj", error.Message);
        Assert.Single(ModelArchitectures.Gpt2(2, true).ModuleTemplates, "transformer.wte");
    }

    [Theory]
    [InlineData("model.layers.{}.mlp.down_proj", true)]
    [InlineData("model.layers.2.self_attn", true)]
    [InlineData("model.layers.3.self_attn", false)]
    [InlineData("model.layers.-1.self_attn", false)]
    [InlineData("model.layers.{}.mlp.c_proj", false)]
    [InlineData("transformer.ln_f", false)]
    public void TryResolve_AgreesWithResolve(string name, bool known)
    {
        var llama = ModelArchitectures.Llama("llama", 3, tiedHead: false);

        Assert.Equal(known, llama.TryResolve(name, out var role));
        if (known) Assert.Equal(llama.Resolve(name).Role, role);
        else Assert.Throws<ArgumentException>(() => llama.Resolve(name));
    }

    private static ModelArchitecture Build(string type) => type switch
    {
        "gpt2" => ModelArchitectures.Gpt2(12, true),
        "gptj" => ModelArchitectures.GptJ(12, false),
        "gpt_neox" => ModelArchitectures.GptNeoX(12, false),
        _ => ModelArchitectures.Llama(type, 12, false),
    };
}
