using Amend.Models.HuggingFace;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-NeoX (model_type "gpt_neox") hyperparameters, bound to config.json with transformers' GPTNeoXConfig defaults.</summary>
public sealed record GptNeoXConfig
{
    /// <summary>Vocabulary size (vocab_size; default 50432).</summary>
    public int VocabSize { get; init; } = 50432;

    /// <summary>Residual width (hidden_size; default 6144).</summary>
    public int HiddenSize { get; init; } = 6144;

    /// <summary>Blocks (num_hidden_layers; default 44).</summary>
    public int NumLayers { get; init; } = 44;

    /// <summary>Attention heads (num_attention_heads; default 64).</summary>
    public int NumHeads { get; init; } = 64;

    /// <summary>MLP width (intermediate_size; default 24576).</summary>
    public int IntermediateSize { get; init; } = 24576;

    /// <summary>MLP activation (hidden_act; default "gelu", the erf form).</summary>
    public string Activation { get; init; } = "gelu";

    /// <summary>Fraction of each head that is rotated, half-rotation layout (rotary_pct; default 0.25).</summary>
    public float RotaryPct { get; init; } = 0.25f;

    /// <summary>Rotary base θ (rotary_emb_base; default 10000).</summary>
    public float RotaryBase { get; init; } = 10000f;

    /// <summary>Optional rotary frequency scaling (rope_scaling; default none).</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary>Maximum positions (max_position_embeddings; default 2048).</summary>
    public int MaxPositions { get; init; } = 2048;

    /// <summary>Layer norm epsilon (layer_norm_eps; default 1e-5).</summary>
    public float LayerNormEpsilon { get; init; } = 1e-5f;

    /// <summary>x + attn(ln1(x)) + mlp(ln2(x)) instead of the sequential residual (use_parallel_residual; default true).</summary>
    public bool UseParallelResidual { get; init; } = true;

    /// <summary>Biases on query_key_value and dense (attention_bias; default true).</summary>
    public bool AttentionBias { get; init; } = true;

    /// <summary>embed_out shares embed_in (tie_word_embeddings; default false).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>BOS ids (bos_token_id; default 0).</summary>
    public int[] BosTokenIds { get; init; } = [0];

    /// <summary>EOS ids (eos_token_id; default 2).</summary>
    public int[] EosTokenIds { get; init; } = [2];

    /// <summary>Head width.</summary>
    public int HeadDim => HiddenSize / NumHeads;

    /// <summary>Rotated dimensions per head: int(head_dim × rotary_pct), as transformers truncates it.</summary>
    public int RotaryDim => (int)(HeadDim * RotaryPct);

    /// <summary>Binds a config.json; absent keys take transformers' defaults.</summary>
    /// <exception cref="ModelConfigException">A value has the wrong type or contradicts another.</exception>
    public static GptNeoXConfig FromJson(ConfigJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PretrainedConfigKeys.IgnoreInferenceIrrelevant(json);
        var d = new GptNeoXConfig();
        var rotary = RotaryKeys.Read(json, "rotary_emb_base", d.RotaryBase, "rotary_pct");

        // transformers 4.45+ writes these beside rotary_emb_base and rotary_pct, and sets them from those on load.
        json.Ignore("rope_theta", "partial_rotary_factor");
        var config = new GptNeoXConfig
        {
            VocabSize = json.Value("vocab_size", d.VocabSize),
            HiddenSize = json.Value("hidden_size", d.HiddenSize),
            NumLayers = json.Value("num_hidden_layers", d.NumLayers),
            NumHeads = json.Value("num_attention_heads", d.NumHeads),
            IntermediateSize = json.Value("intermediate_size", d.IntermediateSize),
            Activation = Activations.Supported(json, "hidden_act", d.Activation),
            RotaryPct = rotary.PartialFactor ?? d.RotaryPct,
            RotaryBase = rotary.Theta,
            RopeScaling = rotary.Scaling,
            MaxPositions = json.Value("max_position_embeddings", d.MaxPositions),
            LayerNormEpsilon = json.Value("layer_norm_eps", d.LayerNormEpsilon),
            UseParallelResidual = json.Value("use_parallel_residual", d.UseParallelResidual),
            AttentionBias = json.Value("attention_bias", d.AttentionBias),
            TieWordEmbeddings = json.Value("tie_word_embeddings", d.TieWordEmbeddings),
            BosTokenIds = json.TokenIds("bos_token_id", d.BosTokenIds),
            EosTokenIds = json.TokenIds("eos_token_id", d.EosTokenIds),
        };
        ConfigChecks.Sizes(json, ("vocab_size", config.VocabSize), ("hidden_size", config.HiddenSize), ("num_hidden_layers", config.NumLayers), ("num_attention_heads", config.NumHeads), ("intermediate_size", config.IntermediateSize), ("max_position_embeddings", config.MaxPositions));
        ConfigChecks.Epsilon(json, "layer_norm_eps", config.LayerNormEpsilon);
        ConfigChecks.PositiveFinite(json, "rotary_emb_base", config.RotaryBase);
        ConfigChecks.HeadsDivide(json, config.HiddenSize, config.NumHeads);
        if (!(config.RotaryPct > 0 && config.RotaryPct <= 1)) throw new ModelConfigException(json.Path, $"rotary_pct {config.RotaryPct} must be in (0, 1]");
        if (config.RotaryDim % 2 != 0 || config.RotaryDim == 0) throw new ModelConfigException(json.Path, $"rotary_pct {config.RotaryPct} gives an odd or empty rotary dimension {config.RotaryDim}");
        return config;
    }
}
