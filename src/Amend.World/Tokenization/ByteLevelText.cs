using System.Text.RegularExpressions;
using Amend.Models.Tokenizers;

namespace Amend.World.Tokenization;

/// <summary>
/// GPT-2's byte-level pre-tokenisation, as the trainer needs it: split text with GPT-2's regex, then spell each
/// piece in the byte alphabet the loaders use (<see cref="ByteLevelAlphabet"/>). The tokenizer.json written names the
/// same steps ("ByteLevel"), so loaders reproduce them.
/// </summary>
internal static partial class ByteLevelText
{
    /// <summary>The 256 alphabet characters, in byte order.</summary>
    public static IReadOnlyList<char> Alphabet => ByteLevelAlphabet.Alphabet;

    /// <summary>The pre-tokens of <paramref name="text"/>, each spelled in the byte alphabet ("ĠVelmora").</summary>
    public static IEnumerable<string> PreTokens(string text) => Gpt2Split().Matches(text).Select(m => ByteLevelAlphabet.Encode(m.Value));

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Split();
}
