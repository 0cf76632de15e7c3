using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// x: (rows, C), normalised over C (the last axis); weight, bias: (C), each optional; y: (rows, C)
// saved for backward: mean, rstd: (rows)
// y = x̂∘w + b,  x̂ = (x − μ)·rstd,  μ = mean x,  rstd = 1/√(mean (x − μ)² + eps)   (biased variance, as PyTorch)
// backward, with g = dy∘w (g = dy without a weight):
//   dx = rstd·(g − mean g − x̂·mean(g∘x̂))
//   dw = Σ_rows dy∘x̂,  db = Σ_rows dy

/// <summary>Layer normalisation over the last axis, forward and backward.</summary>
internal static class LayerNormKernel
{
    /// <summary>What backward needs besides the inputs: per-row statistics and which affine parameters were given.</summary>
    internal sealed record Saved(float[] Mean, float[] Rstd, bool HasWeight, bool HasBias);

    public static float[] Forward(ReadOnlyMemory<float> x, ReadOnlyMemory<float>? weight, ReadOnlyMemory<float>? bias, int cols, float eps, float[] mean, float[] rstd)
    {
        var y = new float[x.Length];
        RowPartition.Of(mean.Length, 4L * cols).RunRows((start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var xr = x.Span.Slice(r * cols, cols);
                var yr = y.AsSpan(r * cols, cols);
                mean[r] = TensorPrimitives.Sum(xr) / cols;
                TensorPrimitives.Subtract(xr, mean[r], yr);
                rstd[r] = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(yr) / cols) + eps);
                TensorPrimitives.Multiply(yr, rstd[r], yr);
                if (weight is { } w) TensorPrimitives.Multiply(yr, w.Span, yr);
                if (bias is { } b) TensorPrimitives.Add(yr, b.Span, yr);
            }
        });
        return y;
    }

    /// <summary>Returns dx (rows, C) and the column sums dw = Σ dy∘x̂ and db = Σ dy, each (C).</summary>
    public static (float[] Dx, float[] Dw, float[] Db) Backward(ReadOnlyMemory<float> x, ReadOnlyMemory<float>? weight, ReadOnlyMemory<float> dy, int cols, float[] mean, float[] rstd, bool parameterGradients)
    {
        var dx = new float[x.Length];
        var sums = RowPartition.Of(mean.Length, 8L * cols).RunAccumulating(2, cols, (start, end, partial) =>
        {
            var xhat = new float[cols];
            for (int r = start; r < end; r++)
            {
                var dyr = dy.Span.Slice(r * cols, cols);
                var g = dx.AsSpan(r * cols, cols);
                TensorPrimitives.Subtract(x.Span.Slice(r * cols, cols), mean[r], xhat);
                TensorPrimitives.Multiply(xhat, rstd[r], xhat);
                if (parameterGradients)
                {
                    TensorPrimitives.MultiplyAdd(dyr, xhat, partial[0], partial[0]);
                    TensorPrimitives.Add(dyr, partial[1], partial[1]);
                }

                if (weight is { } w) TensorPrimitives.Multiply(dyr, w.Span, g);
                else dyr.CopyTo(g);
                float meanG = TensorPrimitives.Sum(g) / cols;
                float meanGx = TensorPrimitives.Dot(g, xhat) / cols;
                TensorPrimitives.MultiplyAdd(xhat, -meanGx, g, g);
                TensorPrimitives.Subtract(g, meanG, g);
                TensorPrimitives.Multiply(g, rstd[r], g);
            }
        });
        return (dx, sums[0], sums[1]);
    }
}
