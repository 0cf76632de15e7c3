using System.Numerics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// How fast this machine's threads read a buffer of a given size, again and again (so it is served by
/// whichever cache level holds it): each logical processor sums its own contiguous share as
/// <see cref="Streams"/> streams side by side, every other pass back to front, so that what it read last,
/// which its L2 may still hold, comes first. A matrix-vector product reads every element of its matrix once
/// per call, the same way (8 rows of B at a time), so for a matrix of that size the rate bounds it at
/// 2 flops per 4 bytes.
/// </summary>
/// <remarks>
/// One stream per thread reads far less than the memory system gives: a C loop on this machine read 113 MB
/// at 15 GB/s as one stream per thread and 23–29 GB/s as 8, and 9.4 MB at 33–39 and 42–45 GB/s.
/// </remarks>
public static unsafe class ReadBandwidth
{
    /// <summary>Streams each thread reads side by side, as the matrix-vector kernel reads 8 rows of B.</summary>
    public const int Streams = 8;

    /// <summary>
    /// Reads <paramref name="bytes"/> on <paramref name="threads"/> threads at once for about
    /// <paramref name="duration"/> and returns GB/s (10⁹ bytes) over all of them. The bytes lie in
    /// <paramref name="buffers"/> equal buffers read in turn, each shared among the threads, as products
    /// that take that many matrices in turn read them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> or <paramref name="buffers"/> is
    /// not positive, or <paramref name="bytes"/> gives a thread less than 128 floats of a buffer or is more than one array holds.</exception>
    public static double Measure(int threads, long bytes, TimeSpan duration, int buffers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buffers);
        long perThread = bytes / sizeof(float) / buffers / threads / StreamStep * StreamStep;
        if (perThread < StreamStep) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"ReadBandwidth: {bytes} bytes in {buffers} buffers leave a thread fewer than {StreamStep} floats of each ({threads} threads)");

        long bufferLength = perThread * threads;
        if (bufferLength * buffers > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"ReadBandwidth: {bytes} bytes are more than one float array holds");
        var buffer = new float[bufferLength * buffers];
        for (long i = 0; i < buffer.LongLength; i++) buffer[i] = (i % 7) * 1e-3f;
        fixed (float* data = buffer)
        {
            float* start = data;
            long passes = ParallelTiming.RepeatsFor(duration, 4, n => Read(start, perThread, bufferLength, buffers, n));
            double seconds = ParallelTiming.LongestSeconds(threads, t => Read(start + (t * perThread), perThread, bufferLength, buffers, passes));
            return (double)perThread * sizeof(float) * threads * buffers * passes / seconds / 1e9;
        }
    }

    // Floats the share is rounded to: 16 per stream, a whole number of vectors of any width.
    private const int StreamStep = 16 * Streams;

    // Sums, pass after pass, this thread's share (length floats, a multiple of StreamStep) of each buffer in
    // turn (buffers stride floats apart) as Streams equal streams, one vector of each per step, every other
    // share back to front.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Read(float* data, long length, long stride, int buffers, long passes)
    {
        int w = Vector<float>.Count;
        long streamLength = length / Streams;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        long visit = 0;
        for (long pass = 0; pass < passes; pass++)
        {
            for (int b = 0; b < buffers; b++, visit++)
            {
                float* share = data + (b * stride);
                long step = visit % 2 == 0 ? w : -w;
                for (long i = visit % 2 == 0 ? 0 : streamLength - w; i >= 0 && i < streamLength; i += step)
                {
                    float* p = share + i;
                    s0 += Vector.Load(p) + Vector.Load(p + streamLength);
                    s1 += Vector.Load(p + (2 * streamLength)) + Vector.Load(p + (3 * streamLength));
                    s2 += Vector.Load(p + (4 * streamLength)) + Vector.Load(p + (5 * streamLength));
                    s3 += Vector.Load(p + (6 * streamLength)) + Vector.Load(p + (7 * streamLength));
                }
            }
        }

        return Vector.Sum((s0 + s1) + (s2 + s3));
    }
}
