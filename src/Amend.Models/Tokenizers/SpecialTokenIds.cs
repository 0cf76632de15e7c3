namespace Amend.Models.Tokenizers;

/// <summary>Ids of a tokenizer's special tokens; each is null when the tokenizer does not define it.</summary>
/// <param name="Bos">Beginning of sequence.</param>
/// <param name="Eos">End of sequence.</param>
/// <param name="Pad">Padding.</param>
/// <param name="Unk">Unknown token.</param>
public sealed record SpecialTokenIds(int? Bos, int? Eos, int? Pad, int? Unk);
