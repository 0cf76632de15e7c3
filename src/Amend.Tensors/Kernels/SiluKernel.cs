using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

// x: any shape (element-wise); y, dy, dx: the same shape.
// SiLU (swish):  y = x·σ(x),  σ(x) = 1/(1 + e^−x)
//   dy/dx = σ(x)·(1 + x·(1 − σ(x)))

/// <summary>SiLU and its derivative as pointwise operators.</summary>
internal static class SiluKernel
{
    /// <summary>y = x·σ(x).</summary>
    public readonly struct Forward : IPointwiseOperator
    {
        public static float Invoke(float x) => x / (1f + MathF.Exp(-x));

        public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));
    }

    /// <summary>dx = σ(x)·(1 + x·(1 − σ(x)))·dy.</summary>
    public readonly struct Gradient : IPointwiseGradientOperator
    {
        public static float Invoke(float x, float dy)
        {
            float s = 1f / (1f + MathF.Exp(-x));
            return s * (1f + (x * (1f - s))) * dy;
        }

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy)
        {
            var s = Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
            return s * (Vector512<float>.One + (x * (Vector512<float>.One - s))) * dy;
        }
    }
}
