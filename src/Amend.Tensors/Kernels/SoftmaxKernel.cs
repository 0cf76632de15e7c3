using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// x, y, dy, dx: (rows, cols), normalised over cols (the last axis), row-major.
// softmax:      y = exp(x − m) / Σ exp(x − m),  m = max x   (shifting by m keeps exp from overflowing)
//   dx = y ∘ (dy − Σ dy∘y)
// log-softmax:  y = (x − m) − log Σ exp(x − m)
//   dx = dy − exp(y)·Σ dy

/// <summary>Softmax and log-softmax over rows, forward and backward.</summary>
internal static class SoftmaxKernel
{
    // Exp dominates: count it as a few multiply-adds per element when deciding on threads.
    private const int WorkPerElement = 8;

    public static float[] Forward(ReadOnlyMemory<float> x, int cols, bool log)
    {
        var y = new float[x.Length];
        int rows = cols == 0 ? 0 : x.Length / cols;
        RowPartition.Of(rows, (long)cols * WorkPerElement).RunRows((start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var xr = x.Span.Slice(r * cols, cols);
                var yr = y.AsSpan(r * cols, cols);
                if (log) LogSoftmaxRow(xr, yr);
                else SoftmaxRow(xr, yr);
            }
        });
        return y;
    }

    public static float[] Backward(ReadOnlyMemory<float> y, ReadOnlyMemory<float> dy, int cols, bool log)
    {
        var dx = new float[y.Length];
        int rows = cols == 0 ? 0 : y.Length / cols;
        RowPartition.Of(rows, (long)cols * WorkPerElement).RunRows((start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var yr = y.Span.Slice(r * cols, cols);
                var dyr = dy.Span.Slice(r * cols, cols);
                var dxr = dx.AsSpan(r * cols, cols);
                if (log)
                {
                    TensorPrimitives.Exp(yr, dxr);
                    TensorPrimitives.MultiplyAdd(dxr, -TensorPrimitives.Sum(dyr), dyr, dxr);
                }
                else
                {
                    TensorPrimitives.Subtract(dyr, TensorPrimitives.Dot(dyr, yr), dxr);
                    TensorPrimitives.Multiply(dxr, yr, dxr);
                }
            }
        });
        return dx;
    }

    /// <summary>y = softmax(x) for one row; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.IsEmpty) return;
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    /// <summary>y = log_softmax(x) = x − logsumexp(x) for one row (y must not overlap x).</summary>
    public static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.IsEmpty) return;
        TensorPrimitives.Subtract(x, LogSumExp(x, y), y);
    }

    /// <summary>log Σ exp(x) = m + log Σ exp(x − m) with m = max x; <paramref name="scratch"/> (x's length) is overwritten.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x, Span<float> scratch)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return max + MathF.Log(TensorPrimitives.Sum(scratch));
    }
}
