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

/// <summary>Unicode normalization (NFC, NFD, NFKC, NFKD).</summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    public string Normalize(string text) => text.Normalize(form);
}

/// <summary>Lower-cases every character.</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}
