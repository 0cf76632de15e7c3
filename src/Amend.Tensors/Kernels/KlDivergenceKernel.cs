using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// logP, logQ: (N, V) row-major log-probabilities of the reference P and the compared Q
// per row:  KL(Pₙ‖Qₙ) = Σᵥ p·(log p − log q),  p = exp(log p); a term with p = 0 counts 0 (even where q = 0)
// backward, with gₙ the upstream gradient of row n:
//   d/d log p = gₙ·p·(log p − log q + 1),  d/d log q = −gₙ·p

/// <summary>Kullback–Leibler divergence between rows of log-probabilities, forward and backward.</summary>
internal static class KlDivergenceKernel
{
    /// <summary>What backward needs besides the inputs.</summary>
    internal sealed record Saved(LossReduction Reduction);

    /// <summary>KL(Pₙ‖Qₙ) per row (N); 0 for rows of no classes.</summary>
    public static float[] Forward(ReadOnlyMemory<float> logP, ReadOnlyMemory<float> logQ, int rows, int classes)
    {
        var kl = new float[rows];
        RowPartition.Of(rows, 12L * classes).RunRows((start, end) =>
        {
            var (p, diff) = (new float[classes], new float[classes]);
            for (int n = start; n < end; n++)
            {
                Terms(logP.Span.Slice(n * classes, classes), logQ.Span.Slice(n * classes, classes), p, diff);
                kl[n] = TensorPrimitives.Dot(p, diff);
            }
        });
        return kl;
    }

    /// <summary>Gradients with respect to log p and log q, each (N, V), given the upstream gradient of each row.</summary>
    public static (float[] DLogP, float[] DLogQ) Backward(ReadOnlyMemory<float> logP, ReadOnlyMemory<float> logQ, int classes, float[] rowGradient)
    {
        var (dLogP, dLogQ) = (new float[logP.Length], new float[logP.Length]);
        RowPartition.Of(rowGradient.Length, 12L * classes).RunRows((start, end) =>
        {
            var (p, diff) = (new float[classes], new float[classes]);
            for (int n = start; n < end; n++)
            {
                Terms(logP.Span.Slice(n * classes, classes), logQ.Span.Slice(n * classes, classes), p, diff);
                var dp = dLogP.AsSpan(n * classes, classes);
                var dq = dLogQ.AsSpan(n * classes, classes);
                TensorPrimitives.Multiply(p, -rowGradient[n], dq);
                TensorPrimitives.Add(diff, 1f, dp);
                TensorPrimitives.Multiply(dp, p, dp);
                TensorPrimitives.Multiply(dp, rowGradient[n], dp);
            }
        });
        return (dLogP, dLogQ);
    }

    /// <summary>p = exp(log p) and log p − log q, with the difference zeroed where p = 0 so 0·(−∞) never appears.</summary>
    private static void Terms(ReadOnlySpan<float> logP, ReadOnlySpan<float> logQ, Span<float> p, Span<float> diff)
    {
        TensorPrimitives.Exp(logP, p);
        TensorPrimitives.Subtract(logP, logQ, diff);
        for (int v = 0; v < p.Length; v++)
        {
            if (p[v] == 0) diff[v] = 0;
        }
    }
}
