using System.Buffers.Binary;
using System.Globalization;
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
    // NumPy pads its header to 64 bytes and keeps it to a few hundred; a header beyond this is not one.
    private const long MaxHeaderBytes = 1 << 20;

    // Elements converted per read.
    private const int BufferElements = 1 << 14;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an .npy stream; <paramref name="name"/> names it in errors. The data is converted as it
    /// streams in, so an array may be larger than one buffer (a 16384 × 16384 float64 matrix is 2 GiB).</summary>
    /// <param name="stream">The array's bytes.</param>
    /// <param name="name">Names the array in errors.</param>
    /// <param name="length">The stream's length in bytes when known (a zip entry's): a shape needing more data is
    /// refused before its values are allocated, so a corrupt header cannot ask for gigabytes.</param>
    /// <exception cref="InvalidDataException">Bad magic, unsupported dtype or order, an implausible shape, or too
    /// few bytes; the message names the array.</exception>
    public static NpyArray Read(Stream stream, string name, long? length = null)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false) < 10 || !prefix[..6].SequenceEqual(Magic)) throw Bad(name, "not a .npy array (bad magic)");
        int major = prefix[6];
        if (major is 2 or 3 && stream.ReadAtLeast(prefix[10..], 2, throwOnEndOfStream: false) < 2) throw Bad(name, "truncated header");
        long headerLength = major switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]),
            2 or 3 => BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]),
            _ => throw Bad(name, $"unsupported .npy version {major}"),
        };
        if (headerLength > MaxHeaderBytes) throw Bad(name, $"a {headerLength}-byte header is not a .npy header");
        byte[] headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length) throw Bad(name, "truncated header");
        var (descr, shape) = ParseHeader(Encoding.UTF8.GetString(headerBytes), name);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        long dataBytes = count * (descr == "<f4" ? 4 : 8), available = length - (major == 1 ? 10 : 12) - headerLength ?? long.MaxValue;
        if (dataBytes > available) throw Bad(name, $"shape ({string.Join(", ", shape)}) needs {dataBytes} data bytes, but the array holds {Math.Max(available, 0)}");
        var values = new double[count];
        ReadValues(stream, descr, values, name, shape);
        return new NpyArray(shape, values);
    }

    // Converts the stream's elements into values, a buffer at a time.
    private static void ReadValues(Stream stream, string descr, double[] values, string name, int[] shape)
    {
        int size = descr == "<f4" ? 4 : 8;
        byte[] buffer = new byte[BufferElements * size];
        for (long done = 0; done < values.LongLength; done += BufferElements)
        {
            int elements = (int)Math.Min(BufferElements, values.LongLength - done);
            int read = stream.ReadAtLeast(buffer.AsSpan(0, elements * size), elements * size, throwOnEndOfStream: false);
            if (read < elements * size) throw Bad(name, $"{(done * size) + read} data bytes, expected {values.LongLength * size} for shape ({string.Join(", ", shape)})");
            Convert(buffer, descr, values.AsSpan((int)done, elements));
        }
    }

    private static void Convert(ReadOnlySpan<byte> bytes, string descr, Span<double> target)
    {
        switch (descr)
        {
            case "<f4":
                for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
                break;
            case "<f8":
                for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
                break;
            default:
                for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]);
                break;
        }
    }

    private static (string Descr, int[] Shape) ParseHeader(string header, string name)
    {
        var descr = Descr().Match(header);
        var shape = ShapeTuple().Match(header);
        if (!descr.Success || !shape.Success) throw Bad(name, $"unreadable header {header.Trim()}");
        if (FortranTrue().IsMatch(header)) throw Bad(name, "Fortran-order arrays are not supported");
        string type = descr.Groups[1].Value;
        if (type is not ("<f4" or "<f8" or "<i8")) throw Bad(name, $"dtype '{type}' is not supported (float32, float64 or int64, little-endian)");
        string[] parts = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] dims = new int[parts.Length];
        long elements = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i])) throw Bad(name, $"unreadable shape ({shape.Groups[1].Value})");
            elements = Math.Min(elements * dims[i], Array.MaxLength + 1L);
        }

        if (elements > Array.MaxLength) throw Bad(name, $"shape ({shape.Groups[1].Value}) has more elements than one array holds");
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
