using Amend.Models.HuggingFace;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-2 (model_type "gpt2") hyperparameters, bound to config.json with transformers' GPT2Config defaults.</summary>
public sealed record Gpt2Config
{
    /// <summary>Vocabulary size (vocab_size; default 50257, GPT-2's BPE).</summary>
    public int VocabSize { get; init; } = 50257;

    /// <summary>Learned positions (n_positions; default 1024).</summary>
    public int MaxPositions { get; init; } = 1024;

    /// <summary>Residual width (n_embd; default 768, GPT-2 small).</summary>
    public int HiddenSize { get; init; } = 768;

    /// <summary>Blocks (n_layer; default 12).</summary>
    public int NumLayers { get; init; } = 12;

    /// <summary>Attention heads (n_head; default 12).</summary>
    public int NumHeads { get; init; } = 12;

    /// <summary>MLP width (n_inner; null in config.json means 4 × n_embd).</summary>
    public int IntermediateSize { get; init; } = 3072;

    /// <summary>MLP activation (activation_function; default "gelu_new", the tanh approximation).</summary>
    public string Activation { get; init; } = "gelu_new";

    /// <summary>Layer norm epsilon (layer_norm_epsilon; default 1e-5).</summary>
    public float LayerNormEpsilon { get; init; } = 1e-5f;

    /// <summary>Divide attention scores by √head_dim (scale_attn_weights; default true).</summary>
    public bool ScaleAttentionWeights { get; init; } = true;

    /// <summary>Also divide layer i's scores by i+1 (scale_attn_by_inverse_layer_idx; default false).</summary>
    public bool ScaleAttentionByInverseLayerIndex { get; init; }

    /// <summary>LM head shares wte (tie_word_embeddings; default true for GPT-2).</summary>
    public bool TieWordEmbeddings { get; init; } = true;

    /// <summary>BOS ids (bos_token_id; default 50256).</summary>
    public int[] BosTokenIds { get; init; } = [50256];

    /// <summary>EOS ids (eos_token_id; default 50256).</summary>
    public int[] EosTokenIds { get; init; } = [50256];

    /// <summary>Binds a config.json; absent keys take transformers' defaults.</summary>
    /// <exception cref="ModelConfigException">A value has the wrong type or contradicts another.</exception>
    public static Gpt2Config FromJson(ConfigJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PretrainedConfigKeys.IgnoreInferenceIrrelevant(json);
        var d = new Gpt2Config();
        int hidden = json.Value("n_embd", d.HiddenSize);
        var config = new Gpt2Config
        {
            VocabSize = json.Value("vocab_size", d.VocabSize),
            MaxPositions = json.Value("n_positions", d.MaxPositions),
            HiddenSize = hidden,
            NumLayers = json.Value("n_layer", d.NumLayers),
            NumHeads = json.Value("n_head", d.NumHeads),
            IntermediateSize = json.Optional<int?>("n_inner") ?? 4 * hidden,
            Activation = Activations.Supported(json, "activation_function", d.Activation),
            LayerNormEpsilon = json.Value("layer_norm_epsilon", d.LayerNormEpsilon),
            ScaleAttentionWeights = json.Value("scale_attn_weights", d.ScaleAttentionWeights),
            ScaleAttentionByInverseLayerIndex = json.Value("scale_attn_by_inverse_layer_idx", false),
            TieWordEmbeddings = json.Value("tie_word_embeddings", d.TieWordEmbeddings),
            BosTokenIds = json.TokenIds("bos_token_id", d.BosTokenIds),
            EosTokenIds = json.TokenIds("eos_token_id", d.EosTokenIds),
        };

        // Upcasting and reordering only change float16 rounding; in float32 they are no-ops.
        json.Ignore("reorder_and_upcast_attn", "n_ctx");
        ConfigChecks.Sizes(json, ("vocab_size", config.VocabSize), ("n_embd", config.HiddenSize), ("n_layer", config.NumLayers), ("n_head", config.NumHeads), ("n_inner", config.IntermediateSize), ("n_positions", config.MaxPositions));
        ConfigChecks.Epsilon(json, "layer_norm_epsilon", config.LayerNormEpsilon);
        ConfigChecks.HeadsDivide(json, config.HiddenSize, config.NumHeads);
        return config;
    }
}
