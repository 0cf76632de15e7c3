using System.Text;
using System.Text.RegularExpressions;

namespace Amend.World.Tokenization;

/// <summary>
/// GPT-2's byte-level pre-tokenisation, as the trainer needs it: split text with GPT-2's regex, then spell
/// each piece's UTF-8 bytes with one printable character per byte (printable bytes stand for themselves,
/// the other 68 map in order to U+0100...). The tokenizer.json written names the same steps ("ByteLevel"),
/// so loaders reproduce them.
/// </summary>
internal static partial class ByteLevelText
{
    private static readonly char[] s_byteToChar = BuildAlphabet();

    /// <summary>The 256 alphabet characters, in byte order.</summary>
    public static IReadOnlyList<char> Alphabet => s_byteToChar;

    /// <summary>The pre-tokens of <paramref name="text"/>, each spelled in the byte alphabet ("ĠVelmora").</summary>
    public static IEnumerable<string> PreTokens(string text) => Gpt2Split().Matches(text).Select(m => Spell(m.Value));

    private static string Spell(string piece)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(piece);
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = s_byteToChar[bytes[i]];
        return new string(chars);
    }

    private static char[] BuildAlphabet()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Split();
}
