using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Fills an array's span from a file at an offset with positioned reads: 1 GiB at a time, since a span of bytes
/// holds at most int.MaxValue of them (fewer than a large embedding has), and over as many reads as the system
/// needs. The checkpoint readers (safetensors, llama2.c) read every tensor this way.
/// </summary>
internal static class PositionedRead
{
    private const int SliceBytes = 1 << 30;

    /// <summary>
    /// Reads <paramref name="destination"/>'s bytes from <paramref name="file"/> at <paramref name="offset"/> on;
    /// <paramref name="ended"/> makes the error for a file that ends, at the byte it is given, before the span is full.
    /// </summary>
    public static void Fill<T>(SafeFileHandle file, long offset, Span<T> destination, Func<long, Exception> ended)
        where T : unmanaged
    {
        int perSlice = SliceBytes / Unsafe.SizeOf<T>();
        for (long start = 0; start < destination.Length; start += perSlice)
        {
            var bytes = MemoryMarshal.AsBytes(destination.Slice((int)start, (int)Math.Min(perSlice, destination.Length - start)));
            long at = offset + (start * Unsafe.SizeOf<T>());
            for (int done = 0; done < bytes.Length;)
            {
                int read = RandomAccess.Read(file, bytes[done..], at + done);
                if (read == 0) throw ended(at + done);
                done += read;
            }
        }
    }
}
