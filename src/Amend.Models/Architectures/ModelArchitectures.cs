namespace Amend.Models.Architectures;

/// <summary>The role tables of the supported architectures, with the checkpoints' own names.</summary>
public static class ModelArchitectures
{
    /// <summary>GPT-2: Conv1D weights stored (in, out).</summary>
    public static ModelArchitecture Gpt2(int numLayers, bool tiedHead) => new(
        "gpt2",
        numLayers,
        "transformer.h.{}",
        new Dictionary<ModuleRole, string>
        {
            [ModuleRole.AttentionNorm] = "ln_1",
            [ModuleRole.Attention] = "attn",
            [ModuleRole.AttentionOutputProjection] = "attn.c_proj",
            [ModuleRole.MlpNorm] = "ln_2",
            [ModuleRole.Mlp] = "mlp",
            [ModuleRole.MlpUpProjection] = "mlp.c_fc",
            [ModuleRole.MlpOutputProjection] = "mlp.c_proj",
        },
        Globals("transformer.wte", "transformer.ln_f", tiedHead ? "transformer.wte" : "lm_head"),
        WeightLayout.InByOut, headModule: "lm_head");

    /// <summary>GPT-J: attention and MLP both read ln_1 (parallel residual), so there is no MLP norm.</summary>
    public static ModelArchitecture GptJ(int numLayers, bool tiedHead) => new(
        "gptj",
        numLayers,
        "transformer.h.{}",
        new Dictionary<ModuleRole, string>
        {
            [ModuleRole.AttentionNorm] = "ln_1",
            [ModuleRole.Attention] = "attn",
            [ModuleRole.AttentionOutputProjection] = "attn.out_proj",
            [ModuleRole.AttentionQueryProjection] = "attn.q_proj",
            [ModuleRole.Mlp] = "mlp",
            [ModuleRole.MlpUpProjection] = "mlp.fc_in",
            [ModuleRole.MlpOutputProjection] = "mlp.fc_out",
        },
        Globals("transformer.wte", "transformer.ln_f", tiedHead ? "transformer.wte" : "lm_head"),
        WeightLayout.OutByIn, headModule: "lm_head");

    /// <summary>GPT-NeoX (Pythia): fused query_key_value, embed_out head.</summary>
    public static ModelArchitecture GptNeoX(int numLayers, bool tiedHead) => new(
        "gpt_neox",
        numLayers,
        "gpt_neox.layers.{}",
        new Dictionary<ModuleRole, string>
        {
            [ModuleRole.AttentionNorm] = "input_layernorm",
            [ModuleRole.Attention] = "attention",
            [ModuleRole.AttentionOutputProjection] = "attention.dense",
            [ModuleRole.MlpNorm] = "post_attention_layernorm",
            [ModuleRole.Mlp] = "mlp",
            [ModuleRole.MlpUpProjection] = "mlp.dense_h_to_4h",
            [ModuleRole.MlpOutputProjection] = "mlp.dense_4h_to_h",
        },
        Globals("gpt_neox.embed_in", "gpt_neox.final_layer_norm", tiedHead ? "gpt_neox.embed_in" : "embed_out"),
        WeightLayout.OutByIn, headModule: "embed_out");

    /// <summary>LLaMA, Mistral and Qwen2 share one layout.</summary>
    public static ModelArchitecture Llama(string modelType, int numLayers, bool tiedHead) => new(
        modelType,
        numLayers,
        "model.layers.{}",
        new Dictionary<ModuleRole, string>
        {
            [ModuleRole.AttentionNorm] = "input_layernorm",
            [ModuleRole.Attention] = "self_attn",
            [ModuleRole.AttentionOutputProjection] = "self_attn.o_proj",
            [ModuleRole.AttentionQueryProjection] = "self_attn.q_proj",
            [ModuleRole.MlpNorm] = "post_attention_layernorm",
            [ModuleRole.Mlp] = "mlp",
            [ModuleRole.MlpGateProjection] = "mlp.gate_proj",
            [ModuleRole.MlpUpProjection] = "mlp.up_proj",
            [ModuleRole.MlpOutputProjection] = "mlp.down_proj",
        },
        Globals("model.embed_tokens", "model.norm", tiedHead ? "model.embed_tokens" : "lm_head"),
        WeightLayout.OutByIn, headModule: "lm_head");

    private static Dictionary<ModuleRole, string> Globals(string embedding, string finalNorm, string lmHead) => new()
    {
        [ModuleRole.Embedding] = embedding,
        [ModuleRole.FinalNorm] = finalNorm,
        [ModuleRole.LmHead] = lmHead,
    };
}
