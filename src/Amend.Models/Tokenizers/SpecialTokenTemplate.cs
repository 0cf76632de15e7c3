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

    /// <summary>BOS before and EOS after the sequence, each when its flag is set, as transformers' add_bos_token and add_eos_token.</summary>
    /// <exception cref="TokenizerFormatException">A flag is set but its token is not defined.</exception>
    public static SpecialTokenTemplate FromFlags(bool addBos, bool addEos, int? bos, int? eos, string source)
    {
        int[] Token(bool add, int? id, string name) => !add ? []
            : id is int i ? [i] : throw new TokenizerFormatException(source, $"add_{name}_token is true but no {name}_token is defined");
        return new SpecialTokenTemplate(Token(addBos, bos, "bos"), Token(addEos, eos, "eos"));
    }

    /// <summary>This template's tokens followed by <paramref name="inner"/>'s, nested inside them.</summary>
    public SpecialTokenTemplate Around(SpecialTokenTemplate inner) => new([.. Prefix, .. inner.Prefix], [.. inner.Suffix, .. Suffix]);
}
