namespace Amend.Models.Tokenizers;

/// <summary>
/// A token matched in the text before pre-tokenization (Hugging Face <c>added_tokens</c>), such as
/// "&lt;|endoftext|&gt;" or "&lt;s&gt;".
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">The text it matches.</param>
/// <param name="Special">Skipped by decoding with skipSpecialTokens.</param>
/// <param name="LStrip">A match also absorbs the whitespace before it.</param>
/// <param name="RStrip">A match also absorbs the whitespace after it.</param>
/// <param name="SingleWord">Matches only when not adjacent to a word character.</param>
/// <param name="Normalized">Matched in the normalized text instead of the raw text.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip, bool SingleWord, bool Normalized);
