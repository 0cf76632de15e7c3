using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// logits: (N, V) row-major; targets: (N) class ids in [0, V), or the ignore index; lse: (N) saved log-sum-exp
// loss per row:  ℓₙ = logsumexp(xₙ) − xₙ[tₙ]  (= −log softmax(xₙ)[tₙ]; 0 for an ignored row)
// backward, with gₙ the upstream gradient of ℓₙ (0 for ignored rows):
//   dxₙ = gₙ·(softmax(xₙ) − onehot(tₙ)),  softmax(xₙ) = exp(xₙ − lseₙ)

/// <summary>Cross-entropy of logits against class ids, forward and backward.</summary>
internal static class CrossEntropyKernel
{
    /// <summary>What backward needs: the targets and each row's log-sum-exp.</summary>
    internal sealed record Saved(int[] Targets, int IgnoreIndex, float[] LogSumExp, LossReduction Reduction, int Counted);

    /// <summary>Per-row losses ℓ (N); fills <paramref name="lse"/>.</summary>
    public static float[] Forward(ReadOnlyMemory<float> logits, int classes, int[] targets, int ignoreIndex, float[] lse)
    {
        var losses = new float[targets.Length];
        RowPartition.Of(targets.Length, 8L * classes).RunRows((start, end) =>
        {
            var scratch = new float[classes];
            for (int n = start; n < end; n++)
            {
                if (targets[n] == ignoreIndex) continue;
                var row = logits.Span.Slice(n * classes, classes);
                lse[n] = SoftmaxKernel.LogSumExp(row, scratch);
                losses[n] = lse[n] - row[targets[n]];
            }
        });
        return losses;
    }

    /// <summary>d loss / d logits (N, V) given the upstream gradient of each row's loss.</summary>
    public static float[] Backward(ReadOnlyMemory<float> logits, int classes, Saved s, float[] rowGradient)
    {
        var dx = new float[logits.Length];
        RowPartition.Of(s.Targets.Length, 8L * classes).RunRows((start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                if (s.Targets[n] == s.IgnoreIndex) continue;
                var dxr = dx.AsSpan(n * classes, classes);
                TensorPrimitives.Subtract(logits.Span.Slice(n * classes, classes), s.LogSumExp[n], dxr);
                TensorPrimitives.Exp(dxr, dxr);
                dxr[s.Targets[n]] -= 1f;
                TensorPrimitives.Multiply(dxr, rowGradient[n], dxr);
            }
        });
        return dx;
    }
}
