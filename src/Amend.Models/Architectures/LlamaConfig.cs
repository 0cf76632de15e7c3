using Amend.Models.HuggingFace;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>
/// The LLaMA family's hyperparameters: model_type "llama", "mistral" and "qwen2" are one architecture
/// (RMSNorm, rotary half-rotation, grouped-query attention, SwiGLU MLP) that differs only in the values
/// below. Absent keys take the defaults of the matching transformers config class.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>"llama", "mistral" or "qwen2".</summary>
    public required string ModelType { get; init; }

    /// <summary>Vocabulary size (vocab_size).</summary>
    public int VocabSize { get; init; }

    /// <summary>Residual width (hidden_size).</summary>
    public int HiddenSize { get; init; }

    /// <summary>MLP width (intermediate_size).</summary>
    public int IntermediateSize { get; init; }

    /// <summary>Blocks (num_hidden_layers).</summary>
    public int NumLayers { get; init; }

    /// <summary>Query heads (num_attention_heads).</summary>
    public int NumHeads { get; init; }

    /// <summary>Key/value heads (num_key_value_heads; defaults to num_attention_heads).</summary>
    public int NumKeyValueHeads { get; init; }

    /// <summary>Head width (head_dim; defaults to hidden_size / num_attention_heads).</summary>
    public int HeadDim { get; init; }

    /// <summary>MLP gate activation (hidden_act; "silu").</summary>
    public string Activation { get; init; } = "silu";

    /// <summary>Maximum positions (max_position_embeddings).</summary>
    public int MaxPositions { get; init; }

    /// <summary>RMSNorm epsilon (rms_norm_eps).</summary>
    public float RmsNormEpsilon { get; init; } = 1e-6f;

    /// <summary>Rotary base θ (rope_theta; default 10000).</summary>
    public float RopeTheta { get; init; } = 10000f;

    /// <summary>Optional rotary frequency scaling (rope_scaling).</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary>Biases on q_proj, k_proj, v_proj (llama: attention_bias; qwen2: always).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Bias on o_proj (llama: attention_bias; mistral and qwen2: never).</summary>
    public bool OutputBias { get; init; }

    /// <summary>Biases on gate/up/down projections (mlp_bias; default false).</summary>
    public bool MlpBias { get; init; }

    /// <summary>Each query sees at most this many most recent keys (mistral: sliding_window; qwen2: only with use_sliding_window); null for unlimited.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>lm_head shares embed_tokens (tie_word_embeddings; default false).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>BOS ids (bos_token_id).</summary>
    public int[] BosTokenIds { get; init; } = [];

    /// <summary>EOS ids (eos_token_id; Llama-3 lists several).</summary>
    public int[] EosTokenIds { get; init; } = [];

    /// <summary>The model types this record binds.</summary>
    public static IReadOnlyList<string> ModelTypes { get; } = ["llama", "mistral", "qwen2"];

    /// <summary>Binds a config.json whose model_type is one of <see cref="ModelTypes"/>.</summary>
    /// <exception cref="ModelConfigException">Unknown model type, a wrongly typed value, or inconsistent head counts.</exception>
    public static LlamaConfig FromJson(ConfigJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PretrainedConfigKeys.IgnoreInferenceIrrelevant(json);
        string type = json.Required<string>("model_type");
        var d = Defaults(type, json.Path);
        int hidden = json.Value("hidden_size", d.HiddenSize), heads = json.Value("num_attention_heads", d.NumHeads);
        ConfigChecks.HeadsDivide(json, hidden, heads);
        bool attentionBias = type == "llama" && json.Value("attention_bias", false);
        var rotary = RotaryKeys.Read(json, "rope_theta", d.RopeTheta, "partial_rotary_factor");
        if (rotary.PartialFactor is float partial && partial != 1f)
        {
            throw new ModelConfigException(json.Path, $"partial_rotary_factor {partial} is not supported for {type}: Amend rotates whole heads, and rotating part of them differently would give wrong logits");
        }

        var config = d with
        {
            VocabSize = json.Value("vocab_size", d.VocabSize),
            HiddenSize = hidden,
            IntermediateSize = json.Value("intermediate_size", d.IntermediateSize),
            NumLayers = json.Value("num_hidden_layers", d.NumLayers),
            NumHeads = heads,
            NumKeyValueHeads = KeyValueHeadsOf(json, type, d.NumKeyValueHeads, heads),
            HeadDim = json.Optional<int?>("head_dim") ?? hidden / heads,
            Activation = Activations.Supported(json, "hidden_act", d.Activation),
            MaxPositions = json.Value("max_position_embeddings", d.MaxPositions),
            RmsNormEpsilon = json.Value("rms_norm_eps", d.RmsNormEpsilon),
            RopeTheta = rotary.Theta,
            RopeScaling = rotary.Scaling,
            QkvBias = type == "qwen2" || attentionBias,
            OutputBias = attentionBias,
            MlpBias = type == "llama" && json.Value("mlp_bias", false),
            SlidingWindow = SlidingWindowOf(json, type),
            TieWordEmbeddings = json.Value("tie_word_embeddings", d.TieWordEmbeddings),
            BosTokenIds = json.TokenIds("bos_token_id", d.BosTokenIds),
            EosTokenIds = json.TokenIds("eos_token_id", d.EosTokenIds),
        };
        ConfigChecks.Sizes(json, ("vocab_size", config.VocabSize), ("hidden_size", hidden), ("num_hidden_layers", config.NumLayers), ("num_attention_heads", heads), ("intermediate_size", config.IntermediateSize), ("max_position_embeddings", config.MaxPositions));
        ConfigChecks.InRange(json, "head_dim", config.HeadDim, 2, ConfigChecks.MaxHeadDim);
        if (config.HeadDim % 2 != 0) throw new ModelConfigException(json.Path, $"head_dim {config.HeadDim} must be even (rotary embeddings turn pairs of coordinates)");
        ConfigChecks.Epsilon(json, "rms_norm_eps", config.RmsNormEpsilon);
        ConfigChecks.PositiveFinite(json, "rope_theta", config.RopeTheta);
        if (config.SlidingWindow is <= 0) throw new ModelConfigException(json.Path, $"sliding_window {config.SlidingWindow} must be positive, or null for none");
        if (config.NumKeyValueHeads <= 0 || config.NumHeads % config.NumKeyValueHeads != 0)
        {
            throw new ModelConfigException(json.Path, $"num_attention_heads {config.NumHeads} is not a multiple of num_key_value_heads {config.NumKeyValueHeads}");
        }

        return config;
    }

    /// <summary>This configuration as a transformers config.json (for models imported from other formats).</summary>
    public string ToConfigJson()
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["architectures"] = new System.Text.Json.Nodes.JsonArray(ModelType switch { "mistral" => "MistralForCausalLM", "qwen2" => "Qwen2ForCausalLM", _ => "LlamaForCausalLM" }),
            ["model_type"] = ModelType,
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumLayers,
            ["num_attention_heads"] = NumHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["hidden_act"] = Activation,
            ["max_position_embeddings"] = MaxPositions,
            ["rms_norm_eps"] = RmsNormEpsilon,
            ["rope_theta"] = RopeTheta,
            ["attention_bias"] = QkvBias,
            ["mlp_bias"] = MlpBias,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["torch_dtype"] = "float32",
        };
        if (BosTokenIds.Length > 0) json["bos_token_id"] = BosTokenIds[0];
        if (EosTokenIds.Length > 0) json["eos_token_id"] = EosTokenIds[0];
        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    // An explicit null means one key/value head per query head in every family; an absent key takes the family's
    // default: LLaMA's is the query heads, Mistral's 8 and Qwen2's 32.
    private static int KeyValueHeadsOf(ConfigJson json, string type, int familyDefault, int heads)
    {
        if (json.Has("num_key_value_heads")) return json.Optional<int?>("num_key_value_heads") ?? heads;
        return type == "llama" ? heads : familyDefault;
    }

    private static int? SlidingWindowOf(ConfigJson json, string type)
    {
        // MistralConfig defaults to a 4096-token window; an explicit null turns it off.
        int? window = json.Has("sliding_window") ? json.Optional<int?>("sliding_window") : 4096;

        // Qwen2 windows only the layers from max_window_layers on, and only with use_sliding_window;
        // Amend supports the common case where it is off and rejects the windowed one explicitly.
        bool qwenWindowed = type == "qwen2" && json.Value("use_sliding_window", false);
        json.Ignore("max_window_layers");
        if (qwenWindowed) throw new ModelConfigException(json.Path, "Qwen2 with use_sliding_window=true is not supported");

        // transformers 5 lists each layer's attention; Amend runs full attention in every layer of LLaMA and Qwen2.
        if (type != "mistral" && json.Optional<string[]>("layer_types") is { } layers && layers.FirstOrDefault(l => l != "full_attention") is { } other)
        {
            throw new ModelConfigException(json.Path, $"layer_types holds \"{other}\"; Amend runs full attention in every layer and does not support windowed ones");
        }

        return type == "mistral" ? window : null;
    }

    private static LlamaConfig Defaults(string type, string path) => type switch
    {
        "llama" => new LlamaConfig { ModelType = type, VocabSize = 32000, HiddenSize = 4096, IntermediateSize = 11008, NumLayers = 32, NumHeads = 32, MaxPositions = 2048, BosTokenIds = [1], EosTokenIds = [2] },
        "mistral" => new LlamaConfig { ModelType = type, VocabSize = 32000, HiddenSize = 4096, IntermediateSize = 14336, NumLayers = 32, NumHeads = 32, NumKeyValueHeads = 8, MaxPositions = 4096 * 32, BosTokenIds = [1], EosTokenIds = [2] },
        "qwen2" => new LlamaConfig { ModelType = type, VocabSize = 151936, HiddenSize = 4096, IntermediateSize = 22016, NumLayers = 32, NumHeads = 32, NumKeyValueHeads = 32, MaxPositions = 32768 },
        _ => throw new ModelConfigException(path, $"model_type \"{type}\" is not a LLaMA-family type ({string.Join(", ", ModelTypes)})"),
    };
}
