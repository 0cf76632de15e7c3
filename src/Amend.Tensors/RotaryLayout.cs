namespace Amend.Tensors;

/// <summary>Which coordinates of a head vector rotary position embeddings rotate together.</summary>
public enum RotaryLayout
{
    /// <summary>
    /// Pair i is (x[i], x[i + R/2]) for rotary dimension R: Hugging Face's <c>rotate_half</c>, used by
    /// GPT-NeoX, LLaMA, Mistral and Qwen2.
    /// </summary>
    HalfSplit,

    /// <summary>Pair i is (x[2i], x[2i + 1]): Hugging Face's <c>rotate_every_two</c>, used by GPT-J.</summary>
    Interleaved,
}
