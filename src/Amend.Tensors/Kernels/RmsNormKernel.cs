using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// x: (rows, C), normalised over C (the last axis); weight: (C); y: (rows, C); saved for backward: rstd: (rows)
// y = (x·rstd)∘w,  rstd = 1/√(mean x² + eps)   (LLaMA's RMSNorm: float32 throughout, the weight applied last)
// backward, with g = dy∘w and x̂ = x·rstd:
//   dx = rstd·(g − x̂·mean(g∘x̂))
//   dw = Σ_rows dy∘x̂

/// <summary>Root-mean-square normalisation over the last axis, forward and backward.</summary>
internal static class RmsNormKernel
{
    public static float[] Forward(ReadOnlyMemory<float> x, ReadOnlyMemory<float> weight, int cols, float eps, float[] rstd)
    {
        var y = new float[x.Length];
        RowPartition.Of(rstd.Length, 3L * cols).RunRows((start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var xr = x.Span.Slice(r * cols, cols);
                var yr = y.AsSpan(r * cols, cols);
                rstd[r] = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(xr) / cols) + eps);
                TensorPrimitives.Multiply(xr, rstd[r], yr);
                TensorPrimitives.Multiply(yr, weight.Span, yr);
            }
        });
        return y;
    }

    /// <summary>Returns dx (rows, C) and dw = Σ dy∘x̂ (C).</summary>
    public static (float[] Dx, float[] Dw) Backward(ReadOnlyMemory<float> x, ReadOnlyMemory<float> weight, ReadOnlyMemory<float> dy, int cols, float[] rstd, bool weightGradient)
    {
        var dx = new float[x.Length];
        var sums = RowPartition.Of(rstd.Length, 6L * cols).RunAccumulating(1, cols, (start, end, partial) =>
        {
            var xhat = new float[cols];
            for (int r = start; r < end; r++)
            {
                var dyr = dy.Span.Slice(r * cols, cols);
                var g = dx.AsSpan(r * cols, cols);
                TensorPrimitives.Multiply(x.Span.Slice(r * cols, cols), rstd[r], xhat);
                if (weightGradient) TensorPrimitives.MultiplyAdd(dyr, xhat, partial[0], partial[0]);

                TensorPrimitives.Multiply(dyr, weight.Span, g);
                TensorPrimitives.MultiplyAdd(xhat, -TensorPrimitives.Dot(g, xhat) / cols, g, g);
                TensorPrimitives.Multiply(g, rstd[r], g);
            }
        });
        return (dx, sums[0]);
    }
}
