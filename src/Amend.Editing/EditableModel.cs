using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tokenizers;

namespace Amend.Editing;

/// <summary>A model and the tokenizer its prompts go through: what every editor works on.</summary>
/// <param name="Model">The network whose weights an edit changes.</param>
/// <param name="Tokenizer">Turns prompts and targets into ids.</param>
public sealed record EditableModel(CausalLanguageModel Model, ITokenizer Tokenizer)
{
    /// <summary>Pairs a loaded model with its tokenizer.</summary>
    /// <exception cref="ArgumentException">The source had no tokenizer; pass one with --tokenizer.</exception>
    public static EditableModel From(PretrainedModel pretrained)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        var tokenizer = pretrained.Tokenizer
            ?? throw new ArgumentException($"{pretrained.Source} has no tokenizer; editing needs one (give a tokenizer folder or file)", nameof(pretrained));
        return new EditableModel(pretrained.Model, tokenizer);
    }

    /// <summary>Encodes text as the model reads it at the start of a sequence (with the tokenizer's BOS, if any).</summary>
    public int[] EncodePrompt(string text) => Tokenizer.Encode(text, addSpecialTokens: true);

    /// <summary>Encodes a continuation (no special tokens), e.g. " " + target after a prompt.</summary>
    public int[] EncodeContinuation(string text) => Tokenizer.Encode(text, addSpecialTokens: false);

    /// <summary>The id used to pad batches: the tokenizer's PAD, else EOS, else 0 (as EasyEdit sets pad = eos for GPT-2).</summary>
    public int PadId => Tokenizer.SpecialTokens.Pad ?? Tokenizer.SpecialTokens.Eos ?? 0;
}
