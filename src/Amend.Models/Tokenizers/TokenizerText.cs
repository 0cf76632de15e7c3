namespace Amend.Models.Tokenizers;

/// <summary>Checks on the text handed to a tokenizer.</summary>
internal static class TokenizerText
{
    /// <summary>
    /// Refuses text that is not Unicode: an unpaired UTF-16 surrogate has no UTF-8 bytes, so byte-level tokenizers
    /// would silently encode U+FFFD in its place, and Hugging Face's tokenizers cannot be given such a string at all.
    /// </summary>
    /// <exception cref="ArgumentException">An unpaired surrogate, with its index.</exception>
    public static void RequireWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            throw new ArgumentException($"Encode: text holds an unpaired surrogate U+{(int)c:X4} at index {i}, so it is not Unicode text", nameof(text));
        }
    }
}
