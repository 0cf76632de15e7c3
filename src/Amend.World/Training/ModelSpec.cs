using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amend.World.Training;

/// <summary>The shape of a model to train from scratch, turned into a transformers config.json.</summary>
/// <param name="Architecture">"gpt2" or "llama".</param>
/// <param name="HiddenSize">Residual width d.</param>
/// <param name="Layers">Number of blocks.</param>
/// <param name="Heads">Attention heads (must divide d).</param>
/// <param name="MaxPositions">Longest sequence the model accepts.</param>
/// <param name="IntermediateSize">MLP width; 0 means 4d for GPT-2 and 8d/3 rounded up to a multiple of 32 for LLaMA.</param>
public sealed record ModelSpec(string Architecture, int HiddenSize, int Layers, int Heads, int MaxPositions, int IntermediateSize = 0)
{
    /// <summary>config.json text for a vocabulary of <paramref name="vocabSize"/> whose end-of-text id is <paramref name="endOfTextId"/>.</summary>
    /// <exception cref="ArgumentException">A size is out of range, the heads do not divide the width, or the architecture is neither gpt2 nor llama (see <see cref="FirstViolation"/>).</exception>
    public string ToConfigJson(int vocabSize, int endOfTextId)
    {
        if (FirstViolation() is { } violation) throw new ArgumentException($"model spec: {violation.Describe(violation.Property)}");
        var json = Architecture == "gpt2" ? Gpt2(vocabSize) : Llama(vocabSize);
        json["bos_token_id"] = endOfTextId;
        json["eos_token_id"] = endOfTextId;
        json["torch_dtype"] = "float32";
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The first setting out of its range, in declaration order, or null when the spec makes a model.</summary>
    public SettingViolation? FirstViolation() => SettingViolation.First(
        (Architecture is "gpt2" or "llama", nameof(Architecture), Architecture, "gpt2 or llama"),
        (HiddenSize > 0, nameof(HiddenSize), HiddenSize, "at least 1"),
        (Layers > 0, nameof(Layers), Layers, "at least 1"),
        (Heads > 0 && HiddenSize % Heads == 0, nameof(Heads), Heads, FormattableString.Invariant($"at least 1 and divide the hidden size {HiddenSize} (each head takes an equal slice)")),
        (MaxPositions > 0, nameof(MaxPositions), MaxPositions, "at least 1"),
        (IntermediateSize >= 0, nameof(IntermediateSize), IntermediateSize, "≥ 0 (0: the architecture's default)"));

    private JsonObject Gpt2(int vocabSize) => new()
    {
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["model_type"] = "gpt2",
        ["vocab_size"] = vocabSize,
        ["n_positions"] = MaxPositions,
        ["n_ctx"] = MaxPositions,
        ["n_embd"] = HiddenSize,
        ["n_layer"] = Layers,
        ["n_head"] = Heads,
        ["n_inner"] = IntermediateSize > 0 ? IntermediateSize : 4 * HiddenSize,
        ["activation_function"] = "gelu_new",
        ["layer_norm_epsilon"] = 1e-5,
        ["tie_word_embeddings"] = true,
        ["resid_pdrop"] = 0.0,
        ["embd_pdrop"] = 0.0,
        ["attn_pdrop"] = 0.0,
    };

    private JsonObject Llama(int vocabSize) => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["vocab_size"] = vocabSize,
        ["hidden_size"] = HiddenSize,
        ["intermediate_size"] = IntermediateSize > 0 ? IntermediateSize : (8 * HiddenSize / 3 + 31) / 32 * 32,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["num_key_value_heads"] = Heads,
        ["hidden_act"] = "silu",
        ["max_position_embeddings"] = MaxPositions,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["attention_bias"] = false,
        ["mlp_bias"] = false,
        ["tie_word_embeddings"] = true,
    };
}
