using System.Buffers;
using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>A Hugging Face normalizer: rewrites text before pre-tokenization.</summary>
internal interface INormalizer
{
    string Normalize(string text);
}

/// <summary>Normalizers applied in order (<c>{"type": "Sequence", "normalizers": [...]}</c>).</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> steps) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var step in steps) text = step.Normalize(text);
        return text;
    }
}

/// <summary>Prepends a string to non-empty text (LLaMA's "▁" dummy prefix).</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

/// <summary>Replaces every occurrence of a literal or regex pattern (LLaMA: " " → "▁").</summary>
internal sealed class ReplaceNormalizer(TextPattern pattern, string content) : INormalizer
{
    public string Normalize(string text) => pattern.Replace(text, content);
}

/// <summary>Unicode normalization (NFC, NFD, NFKC, NFKD; Qwen2 uses NFC).</summary>
/// <remarks>
/// In .NET's globalization-invariant mode (InvariantGlobalization, set for this repository) string.Normalize
/// silently returns non-ASCII text unchanged. This normalizer then still handles text that the form provably
/// leaves unchanged (every character below a per-form bound, checked against Unicode 14 data: no decomposition,
/// no composition partner, combining class 0) and refuses other text instead of tokenizing it wrongly.
/// </remarks>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    private static readonly bool s_runtimeNormalizes = "e\u0301".Normalize(NormalizationForm.FormC) == "\u00E9";

    private readonly char _firstAffected = form switch
    {
        NormalizationForm.FormC => '\u0300',
        NormalizationForm.FormD => '\u00C0',
        _ => '\u00A0',
    };

    public string Normalize(string text)
    {
        if (s_runtimeNormalizes) return NormalizeAroundNonCharacters(text);
        int index = text.AsSpan().IndexOfAnyInRange(_firstAffected, char.MaxValue);
        if (index < 0) return text;
        throw new NotSupportedException(
            $"the tokenizer's {form} normalizer cannot process U+{(int)text[index]:X4} (text index {index}): this process runs in .NET's "
            + "globalization-invariant mode, where Unicode normalization is unavailable; set InvariantGlobalization to false (ICU is then required)");
    }

    // .NET refuses to normalize text holding the noncharacter U+FFFE, which Hugging Face's normalizers pass through.
    // It neither composes nor reorders with its neighbours, so the pieces between them are normalized on their own.
    private string NormalizeAroundNonCharacters(string text)
    {
        if (!text.Contains('\uFFFE', StringComparison.Ordinal)) return text.Normalize(form);
        return string.Join('\uFFFE', text.Split('\uFFFE').Select(piece => piece.Normalize(form)));
    }
}

/// <summary>
/// Lower-cases every code point as Hugging Face's Lowercase does with Rust's char::to_lowercase: its one-to-one
/// mappings, and U+0130 (İ) to "i" + U+0307, the one unconditional mapping to two code points, which .NET's invariant
/// casing leaves as "İ". A lone surrogate passes unchanged.
/// </summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text)
    {
        // .NET's invariant lowercasing agrees with Rust's on every code point but İ, and is vectorised.
        if (!text.Contains('\u0130', StringComparison.Ordinal)) return text.ToLowerInvariant();
        var lowered = new StringBuilder(text.Length);
        for (int at = 0; at < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(at), out var rune, out int used) != OperationStatus.Done)
            {
                lowered.Append(text[at++]);
                continue;
            }

            if (rune.Value == 0x130) lowered.Append("i\u0307");
            else lowered.Append(Rune.ToLowerInvariant(rune).ToString());
            at += used;
        }

        return lowered.ToString();
    }
}
