using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Amend.Tensors;
using Microsoft.Win32.SafeHandles;

namespace Amend.Models.Checkpoints;

/// <summary>
/// One safetensors file, open for reading. Opening reads and validates only the header; <see cref="Load"/>
/// reads just the bytes of the requested tensor, with positioned reads straight into the tensor's storage, so a
/// process never holds more than the tensors it asked for. Half-precision tensors stay 16-bit in memory.
/// Thread-safe for concurrent <see cref="Load"/> calls.
/// </summary>
/// <remarks>
/// Reads rather than a memory mapping: a file truncated by another process while open then ends a read early,
/// which is an error naming the file, where a mapped page past the new end would kill the process. Amend's own
/// writer replaces files by rename, which leaves an open file intact.
/// </remarks>
public sealed class SafetensorsReader : IDisposable
{
    private readonly SafeFileHandle _file;
    private volatile bool _disposed;

    private SafetensorsReader(string path, long fileLength, SafeFileHandle file)
    {
        Path = path;
        _file = file;
        Span<byte> prefix = stackalloc byte[SafetensorsHeader.PrefixBytes];
        CopyElements(0, prefix);
        long n = SafetensorsHeader.ReadHeaderLength(prefix, fileLength, path);
        var json = new byte[n];
        CopyElements(SafetensorsHeader.PrefixBytes, json.AsSpan());
        Header = SafetensorsHeader.Parse(json, fileLength - SafetensorsHeader.PrefixBytes - n, path);
    }

    /// <summary>The file this reader reads.</summary>
    public string Path { get; }

    /// <summary>The validated header: tensor entries in buffer order and the <c>__metadata__</c> map.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>Opens <paramref name="path"/> read-only and validates its header.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a well-formed safetensors file.</exception>
    public static SafetensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            long length = RandomAccess.GetLength(file);
            if (length < SafetensorsHeader.PrefixBytes) throw new CheckpointFormatException(path, $"file is {length} bytes, too short for the 8-byte safetensors header length");
            return new SafetensorsReader(path, length, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => Header.Find(name) is not null;

    /// <summary>
    /// Copies tensor <paramref name="name"/> out of the file: F32 as Float32, F16/BF16 as 16-bit storage
    /// (not widened), F64 narrowed to Float32 with round-to-nearest.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The file has no tensor of that name.</exception>
    /// <exception cref="CheckpointFormatException">The tensor's dtype is not a float type Amend computes with, or it is too large for one tensor.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public Tensor Load(string name)
    {
        var info = Header.Find(name) ?? throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");
        var dtype = info.LoadedDType ?? throw new CheckpointFormatException(
            Path, $"tensor '{name}' is {info.DTypeName}; Amend loads only F32, F16, BF16 (and F64, narrowed to F32) as weights");
        var shape = ToShape(info);
        long start = Header.DataStart + info.Begin;
        if (info.DTypeName == "F64") return Tensor.Wrap(ReadNarrowedDoubles(start, shape.ElementCount), shape);
        if (dtype == DType.Float32)
        {
            var values = GC.AllocateUninitializedArray<float>(shape.ElementCount);
            CopyElements(start, values.AsSpan());
            if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values.AsSpan()), MemoryMarshal.Cast<float, int>(values.AsSpan()));
            return Tensor.Wrap(values, shape);
        }

        var bits = GC.AllocateUninitializedArray<ushort>(shape.ElementCount);
        CopyElements(start, bits.AsSpan());
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(bits, bits);
        return Tensor.WrapHalfBits(bits, dtype, shape);
    }

    /// <summary>Unmaps the file. Tensors already loaded stay valid (they are copies).</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    private Shape ToShape(SafetensorsTensorInfo info)
    {
        if (info.ElementCount > Array.MaxLength || info.Dims.Any(d => d > int.MaxValue))
        {
            throw new CheckpointFormatException(Path, $"tensor '{info.Name}' of shape {info.FormatDims()} has more than {Array.MaxLength} elements, the most one Amend tensor can hold");
        }

        return new Shape(info.Dims.Select(d => (int)d).ToArray());
    }

    private float[] ReadNarrowedDoubles(long start, int count)
    {
        var result = GC.AllocateUninitializedArray<float>(count);
        var buffer = ArrayPool<double>.Shared.Rent(Math.Min(count, 1 << 16));
        try
        {
            for (int done = 0; done < count;)
            {
                int n = Math.Min(buffer.Length, count - done);
                var chunk = buffer.AsSpan(0, n);
                CopyElements(start + ((long)done * sizeof(double)), chunk);
                if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<double, long>(chunk), MemoryMarshal.Cast<double, long>(chunk));
                for (int i = 0; i < n; i++) result[done + i] = (float)chunk[i];
                done += n;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }

        return result;
    }

    // The page cache serves the read and nothing stays mapped, so loading a checkpoint never holds the file's
    // pages and the loaded copy resident together: peak memory stays near the weights' size.
    private void CopyElements<T>(long fileOffset, Span<T> destination)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long bytes = (long)destination.Length * Unsafe.SizeOf<T>();
        PositionedRead.Fill(_file, fileOffset, destination, at => new CheckpointFormatException(Path, $"ends at byte {at}, before the {bytes} bytes read from byte {fileOffset}; was it truncated while open?"));
    }
}
