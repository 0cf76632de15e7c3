using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>
/// GPT-2's reversible map between bytes and printable characters: byte-level BPE tokens are strings of these
/// characters, so every byte sequence has a spelling and no token contains a raw space or control byte.
/// </summary>
/// <remarks>
/// Printable bytes '!'..'~', '¡'..'¬' and '®'..'ÿ' stand for themselves; the other 68 bytes map, in byte order,
/// to U+0100, U+0101, ... (so the space 0x20 becomes 'Ġ' U+0120 and '\n' becomes 'Ċ' U+010A).
/// </remarks>
public static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly short[] s_charToByte = BuildCharToByte(); // alphabet character → byte, -1 elsewhere

    /// <summary>The 256 alphabet characters in byte order (a byte-level BPE's base vocabulary).</summary>
    public static IReadOnlyList<char> Alphabet => s_byteToChar;

    /// <summary>The UTF-8 bytes of <paramref name="text"/> spelled with one alphabet character per byte.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++) chars[i] = s_byteToChar[source[i]];
        });
    }

    /// <summary>
    /// Appends the bytes a token spells. Like Hugging Face's ByteLevel decoder, a token holding any character
    /// outside the alphabet (an added token such as "hello world") contributes its own UTF-8 bytes instead.
    /// </summary>
    public static void AppendBytes(string token, List<byte> output)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(output);
        foreach (char c in token)
        {
            if (c >= s_charToByte.Length || s_charToByte[c] < 0)
            {
                output.AddRange(Encoding.UTF8.GetBytes(token));
                return;
            }
        }

        foreach (char c in token) output.Add((byte)s_charToByte[c]);
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[s_byteToChar.Max() + 1];
        Array.Fill(map, (short)-1);
        for (int b = 0; b < 256; b++) map[s_byteToChar[b]] = (short)b;
        return map;
    }
}
