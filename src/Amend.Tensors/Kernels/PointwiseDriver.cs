using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

/// <summary>An element-wise function y = f(x), in scalar and 16-lane form (the two must agree).</summary>
internal interface IPointwiseOperator
{
    static abstract float Invoke(float x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>The backward of an element-wise function: dx = f'(x)·dy.</summary>
internal interface IPointwiseGradientOperator
{
    static abstract float Invoke(float x, float dy);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy);
}

/// <summary>
/// Runs pointwise operators over buffers: 16 lanes at a time where the hardware has 512-bit vectors,
/// the scalar form for the remainder (and everywhere else), split across threads for long buffers.
/// </summary>
internal static class PointwiseDriver
{
    // Chunk rows for the partition: long enough that a chunk amortises its scheduling.
    private const int ChunkLength = 4096;

    /// <summary>y = f(x) element-wise; returns a new buffer.</summary>
    public static float[] Map<TOp>(ReadOnlyMemory<float> x)
        where TOp : IPointwiseOperator
    {
        var y = new float[x.Length];
        ForChunks(x.Length, (start, length) => MapSpan<TOp>(x.Span.Slice(start, length), y.AsSpan(start, length)));
        return y;
    }

    /// <summary>dx = f'(x)·dy element-wise; returns a new buffer.</summary>
    public static float[] MapGradient<TOp>(ReadOnlyMemory<float> x, ReadOnlyMemory<float> dy)
        where TOp : IPointwiseGradientOperator
    {
        var dx = new float[x.Length];
        ForChunks(x.Length, (start, length) => MapGradientSpan<TOp>(x.Span.Slice(start, length), dy.Span.Slice(start, length), dx.AsSpan(start, length)));
        return dx;
    }

    /// <summary>y = f(x) over one span, on the calling thread.</summary>
    public static void MapSpan<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IPointwiseOperator
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                TOp.Invoke(Vector512.Create(x.Slice(i, Vector512<float>.Count))).CopyTo(y.Slice(i));
            }
        }

        for (; i < x.Length; i++) y[i] = TOp.Invoke(x[i]);
    }

    /// <summary>dx = f'(x)·dy over one span, on the calling thread.</summary>
    public static void MapGradientSpan<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : IPointwiseGradientOperator
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = TOp.Invoke(Vector512.Create(x.Slice(i, Vector512<float>.Count)), Vector512.Create(dy.Slice(i, Vector512<float>.Count)));
                v.CopyTo(dx.Slice(i));
            }
        }

        for (; i < x.Length; i++) dx[i] = TOp.Invoke(x[i], dy[i]);
    }

    private static void ForChunks(int length, Action<int, int> body)
    {
        // In long: lengths near int's range would wrap.
        int chunks = (int)(((long)length + ChunkLength - 1) / ChunkLength);
        RowPartition.Of(chunks, ChunkLength).RunRows((first, last) =>
        {
            long start = (long)first * ChunkLength;
            body((int)start, (int)(Math.Min((long)last * ChunkLength, length) - start));
        });
    }
}
