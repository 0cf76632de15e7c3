using System.Numerics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// How fast this machine's threads read a buffer of a given size, again and again (so it is served by
/// whichever cache level holds it): each logical processor sums its own contiguous share, every other pass
/// back to front, so that the end it read last, which its L2 may still hold, comes first. A matrix-vector
/// product reads every element of its matrix once per call, the same way, so for a matrix of that size the
/// rate bounds it at 2 flops per 4 bytes.
/// </summary>
public static unsafe class ReadBandwidth
{
    /// <summary>
    /// Reads a <paramref name="bytes"/> buffer on <paramref name="threads"/> threads at once for about
    /// <paramref name="duration"/> and returns GB/s (10⁹ bytes) over all of them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not positive, or
    /// <paramref name="bytes"/> gives a thread less than 64 floats.</exception>
    public static double Measure(int threads, long bytes, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        long perThread = bytes / sizeof(float) / threads / 64 * 64;
        if (perThread < 64) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"ReadBandwidth: {bytes} bytes leave a thread fewer than 64 floats ({threads} threads)");

        var buffer = new float[perThread * threads];
        for (long i = 0; i < buffer.LongLength; i++) buffer[i] = (i % 7) * 1e-3f;
        fixed (float* data = buffer)
        {
            float* start = data;
            long passes = ParallelTiming.RepeatsFor(duration, 4, n => Read(start, perThread, n));
            double seconds = ParallelTiming.LongestSeconds(threads, t => Read(start + (t * perThread), perThread, passes));
            return (double)perThread * sizeof(float) * threads * passes / seconds / 1e9;
        }
    }

    // Sums the range passes times (a multiple of 64 floats, so whole vectors), odd passes back to front;
    // four sums keep loads in flight.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Read(float* data, long length, long passes)
    {
        int w = Vector<float>.Count;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (long pass = 0; pass < passes; pass++)
        {
            long step = pass % 2 == 0 ? 4 * w : -4 * w;
            for (long i = pass % 2 == 0 ? 0 : length - (4 * w); i >= 0 && i < length; i += step)
            {
                s0 += Vector.Load(data + i);
                s1 += Vector.Load(data + i + w);
                s2 += Vector.Load(data + i + (2 * w));
                s3 += Vector.Load(data + i + (3 * w));
            }
        }

        return Vector.Sum((s0 + s1) + (s2 + s3));
    }
}
