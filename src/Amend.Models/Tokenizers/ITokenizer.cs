namespace Amend.Models.Tokenizers;

/// <summary>
/// Turns text into token ids and back, with the same ids as the model's reference tokenizer
/// (Hugging Face <c>tokenizers</c> / <c>transformers</c>, or llama2.c's <c>run.c</c>).
/// </summary>
/// <remarks>Implementations are immutable after loading and safe to use from several threads.</remarks>
public interface ITokenizer
{
    /// <summary>Number of ids: one more than the largest id of the vocabulary and the added tokens.</summary>
    int VocabSize { get; }

    /// <summary>The ids of the BOS, EOS, PAD and UNK tokens, each null when the tokenizer defines none.</summary>
    SpecialTokenIds SpecialTokens { get; }

    /// <summary>Encodes <paramref name="text"/> into token ids.</summary>
    /// <param name="text">Any string; the empty string gives no content tokens.</param>
    /// <param name="addSpecialTokens">
    /// Add the tokens the tokenizer's post-processor adds around a single sequence (for example BOS for LLaMA,
    /// nothing for GPT-2), like <c>add_special_tokens=True</c>, the default, in <c>transformers</c>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds an unpaired surrogate (it is not Unicode text).</exception>
    int[] Encode(string text, bool addSpecialTokens = true);

    /// <summary>Decodes token ids back into text.</summary>
    /// <param name="ids">Token ids, each in [0, <see cref="VocabSize"/>).</param>
    /// <param name="skipSpecialTokens">Leave out special tokens (BOS, EOS, PAD, UNK and added tokens marked special).</param>
    /// <param name="cleanUpTokenizationSpaces">
    /// Remove the space before <c>. , ! ?</c> and English contractions like <c>transformers</c>'
    /// <c>clean_up_tokenization_spaces</c>; null uses the tokenizer's configured default.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An id has no token.</exception>
    string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null);

    /// <summary>The id of a token given as stored in the vocabulary (for example "Ġworld" or "▁world"), or null.</summary>
    int? TokenToId(string token);

    /// <summary>The vocabulary entry of an id, or null when the id has none.</summary>
    string? IdToToken(int id);
}
