namespace Amend.Models.Tokenizers;

/// <summary>The parts of a Hugging Face BPE tokenizer, as loaded from tokenizer.json or vocab.json + merges.txt.</summary>
/// <param name="Model">Vocabulary and merges.</param>
/// <param name="AddedTokens">Tokens matched before pre-tokenization.</param>
/// <param name="Normalizer">Rewrites text before pre-tokenization, or null.</param>
/// <param name="PreTokenizer">Splits text into words, or null for one word per text segment.</param>
/// <param name="Decoder">Turns tokens back into text, or null to join them with spaces (as Hugging Face does).</param>
/// <param name="Template">Special tokens added around a sequence.</param>
/// <param name="SpecialTokens">BOS/EOS/PAD/UNK ids.</param>
/// <param name="CleanUpTokenizationSpaces">Default of Decode's clean-up option.</param>
internal sealed record BpePipeline(
    BpeModel Model,
    IReadOnlyList<AddedToken> AddedTokens,
    INormalizer? Normalizer,
    IPreTokenizer? PreTokenizer,
    ITokenDecoder? Decoder,
    SpecialTokenTemplate Template,
    SpecialTokenIds SpecialTokens,
    bool CleanUpTokenizationSpaces);
