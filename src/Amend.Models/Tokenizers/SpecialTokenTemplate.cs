namespace Amend.Models.Tokenizers;

/// <summary>
/// What a post-processor adds around a single encoded sequence when special tokens are requested
/// (Hugging Face TemplateProcessing "single", RobertaProcessing, BertProcessing; ByteLevel adds nothing).
/// </summary>
/// <param name="Prefix">Ids placed before the sequence (LLaMA: BOS).</param>
/// <param name="Suffix">Ids placed after it.</param>
internal sealed record SpecialTokenTemplate(int[] Prefix, int[] Suffix)
{
    /// <summary>Adds nothing.</summary>
    public static SpecialTokenTemplate None { get; } = new([], []);

    /// <summary>This template's tokens followed by <paramref name="inner"/>'s, nested inside them.</summary>
    public SpecialTokenTemplate Around(SpecialTokenTemplate inner) => new([.. Prefix, .. inner.Prefix], [.. inner.Suffix, .. Suffix]);
}
