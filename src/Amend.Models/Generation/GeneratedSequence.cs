namespace Amend.Models.Generation;

/// <summary>One row's continuation.</summary>
/// <param name="TokenIds">New token ids (the prompt excluded; an EOS token that ended the row included).</param>
/// <param name="Text">The decoded continuation (cut before a stop string), or null without a tokenizer.</param>
/// <param name="FinishReason">"length", "eos" or "stop".</param>
public sealed record GeneratedSequence(IReadOnlyList<int> TokenIds, string? Text, string FinishReason);
