using Amend.Models.HuggingFace;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-J (model_type "gptj") hyperparameters, bound to config.json with transformers' GPTJConfig defaults.</summary>
public sealed record GptJConfig
{
    /// <summary>Vocabulary size (vocab_size; default 50400).</summary>
    public int VocabSize { get; init; } = 50400;

    /// <summary>Maximum positions (n_positions; default 2048).</summary>
    public int MaxPositions { get; init; } = 2048;

    /// <summary>Residual width (n_embd; default 4096).</summary>
    public int HiddenSize { get; init; } = 4096;

    /// <summary>Blocks (n_layer; default 28).</summary>
    public int NumLayers { get; init; } = 28;

    /// <summary>Attention heads (n_head; default 16).</summary>
    public int NumHeads { get; init; } = 16;

    /// <summary>Leading dimensions of each head that are rotated, interleaved pairs (rotary_dim; null means the whole head; default 64).</summary>
    public int RotaryDim { get; init; } = 64;

    /// <summary>MLP width (n_inner; null means 4 × n_embd).</summary>
    public int IntermediateSize { get; init; } = 16384;

    /// <summary>MLP activation (activation_function; default "gelu_new").</summary>
    public string Activation { get; init; } = "gelu_new";

    /// <summary>Layer norm epsilon (layer_norm_epsilon; default 1e-5).</summary>
    public float LayerNormEpsilon { get; init; } = 1e-5f;

    /// <summary>LM head shares wte (tie_word_embeddings; default false for GPT-J).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>BOS ids (bos_token_id; default 50256).</summary>
    public int[] BosTokenIds { get; init; } = [50256];

    /// <summary>EOS ids (eos_token_id; default 50256).</summary>
    public int[] EosTokenIds { get; init; } = [50256];

    /// <summary>Head width.</summary>
    public int HeadDim => HiddenSize / NumHeads;

    /// <summary>Binds a config.json; absent keys take transformers' defaults.</summary>
    /// <exception cref="ModelConfigException">A value has the wrong type or contradicts another.</exception>
    public static GptJConfig FromJson(ConfigJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PretrainedConfigKeys.IgnoreInferenceIrrelevant(json);
        var d = new GptJConfig();

        // Keys of the gpt-j-6b era's config that transformers' GPT-J never reads: it always rotates and scales.
        json.Ignore("rotary", "scale_attn_weights", "n_ctx");
        int hidden = json.Value("n_embd", d.HiddenSize), heads = json.Value("n_head", d.NumHeads);
        ConfigChecks.HeadsDivide(json, hidden, heads);
        var config = new GptJConfig
        {
            VocabSize = json.Value("vocab_size", d.VocabSize),
            MaxPositions = json.Value("n_positions", d.MaxPositions),
            HiddenSize = hidden,
            NumLayers = json.Value("n_layer", d.NumLayers),
            NumHeads = heads,
            RotaryDim = RotaryDimOf(json, d.RotaryDim, hidden, heads),
            IntermediateSize = json.Optional<int?>("n_inner") ?? 4 * hidden,
            Activation = Activations.Supported(json, "activation_function", d.Activation),
            LayerNormEpsilon = json.Value("layer_norm_epsilon", d.LayerNormEpsilon),
            TieWordEmbeddings = json.Value("tie_word_embeddings", d.TieWordEmbeddings),
            BosTokenIds = json.TokenIds("bos_token_id", d.BosTokenIds),
            EosTokenIds = json.TokenIds("eos_token_id", d.EosTokenIds),
        };
        ConfigChecks.Sizes(json, ("vocab_size", config.VocabSize), ("n_embd", hidden), ("n_layer", config.NumLayers), ("n_head", heads), ("n_inner", config.IntermediateSize), ("n_positions", config.MaxPositions));
        ConfigChecks.Epsilon(json, "layer_norm_epsilon", config.LayerNormEpsilon);
        if (config.RotaryDim <= 0 || config.RotaryDim > config.HeadDim || config.RotaryDim % 2 != 0)
        {
            throw new ModelConfigException(json.Path, $"rotary_dim {config.RotaryDim} must be even and at most the head size {config.HeadDim}");
        }

        return config;
    }

    // GPTJConfig defaults rotary_dim to 64. An explicit null makes transformers rotate n_embd dimensions of each head,
    // which only fits when one head spans them all.
    private static int RotaryDimOf(ConfigJson json, int fallback, int hidden, int heads)
    {
        if (!json.Has("rotary_dim")) return fallback;
        if (json.Optional<int?>("rotary_dim") is int dim) return dim;
        return heads == 1 ? hidden : throw new ModelConfigException(json.Path, $"rotary_dim null rotates all n_embd = {hidden} dimensions of each head, which transformers' GPT-J only supports with one head (n_head is {heads}); give rotary_dim");
    }
}
