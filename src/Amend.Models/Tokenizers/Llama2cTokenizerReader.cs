using System.Buffers.Binary;
using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>Little-endian reads from a llama2.c tokenizer.bin, each failing with the file, field and offset when the file is too short.</summary>
internal sealed class Llama2cTokenizerReader(byte[] data, string path)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    public int Offset { get; private set; }

    public bool AtEnd => Offset >= data.Length;

    public int Int32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public float Single(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));

    /// <summary>A token's length and bytes, checked against max_token_length and UTF-8.</summary>
    public string Piece(int index, int maxLength)
    {
        int length = Int32($"token {index} length");
        if (length < 0 || length > maxLength)
        {
            throw new TokenizerFormatException(path, $"token {index} has length {length} at offset {Offset - 4}; it must be in [0, max_token_length = {maxLength}]");
        }

        var bytes = Take(length, $"token {index} bytes");
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new TokenizerFormatException(path, $"token {index} is not valid UTF-8", e);
        }
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (data.Length - Offset < count)
        {
            throw new TokenizerFormatException(path, $"is truncated: {field} needs {count} bytes at offset {Offset}, the file has {data.Length} bytes");
        }

        var span = data.AsSpan(Offset, count);
        Offset += count;
        return span;
    }
}
