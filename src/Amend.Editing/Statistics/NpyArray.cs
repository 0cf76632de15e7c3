using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Amend.Editing.Statistics;

/// <summary>
/// One array of a NumPy .npy file (format versions 1–3): little-endian float32, float64 or int64 in C order,
/// widened to float64. The header is the Python dict literal NumPy writes, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (128, 128), }</c>.
/// </summary>
internal sealed partial record NpyArray(int[] Shape, double[] Values)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an .npy stream; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Bad magic, unsupported dtype or order, or too few bytes; the message names the array.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic)) throw Bad(name, "not a .npy array (bad magic)");
        int major = bytes[6];
        (int headerStart, int headerLength) = major switch
        {
            1 => (10, (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])),
            2 or 3 when bytes.Length >= 12 => (12, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..])),
            _ => throw Bad(name, $"unsupported .npy version {major}"),
        };
        if (headerStart + headerLength > bytes.Length) throw Bad(name, "truncated header");
        string header = Encoding.UTF8.GetString(bytes.Slice(headerStart, headerLength));
        var (descr, shape) = ParseHeader(header, name);
        var data = bytes[(headerStart + headerLength)..];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int size = descr == "<f4" ? 4 : 8;
        if (data.Length < count * size) throw Bad(name, $"{data.Length} data bytes, expected {count * size} for shape ({string.Join(", ", shape)})");
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            var element = data.Slice(i * size, size);
            values[i] = descr switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(element),
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(element),
                _ => BinaryPrimitives.ReadInt64LittleEndian(element),
            };
        }

        return new NpyArray(shape, values);
    }

    private static (string Descr, int[] Shape) ParseHeader(string header, string name)
    {
        var descr = Descr().Match(header);
        var shape = ShapeTuple().Match(header);
        if (!descr.Success || !shape.Success) throw Bad(name, $"unreadable header {header.Trim()}");
        if (FortranTrue().IsMatch(header)) throw Bad(name, "Fortran-order arrays are not supported");
        string type = descr.Groups[1].Value;
        if (type is not ("<f4" or "<f8" or "<i8")) throw Bad(name, $"dtype '{type}' is not supported (float32, float64 or int64, little-endian)");
        int[] dims = [.. shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
        return (type, dims);
    }

    private static InvalidDataException Bad(string name, string why) => new($"{name}: {why}");

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeTuple();

    [GeneratedRegex(@"'fortran_order':\s*True")]
    private static partial Regex FortranTrue();
}
