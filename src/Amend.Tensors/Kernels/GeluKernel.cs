using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

// x: any shape (element-wise); y, dy, dx: the same shape.
// GELU, exact ("gelu", PyTorch approximate='none'):  y = x·Φ(x),  Φ(x) = ½(1 + erf(x/√2))
//   dy/dx = Φ(x) + x·φ(x),  φ(x) = exp(−x²/2)/√(2π)
// GELU, tanh form ("gelu_new", "gelu_pytorch_tanh"): y = ½x(1 + tanh u),  u = √(2/π)(x + 0.044715x³)
//   computed as y = x·σ(2u) (the same function, without the cancellation of 1 + tanh u for x ≪ 0)
//   dy/dx = s + 2x·s(1 − s)·u',  s = σ(2u),  u' = √(2/π)(1 + 3·0.044715x²)

/// <summary>The two GELU forms and their derivatives as pointwise operators.</summary>
internal static class GeluKernel
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;
    private const float TanhScale = 0.79788456080286536f; // √(2/π)
    private const float Cubic = 0.044715f;

    /// <summary>y = x·Φ(x).</summary>
    public readonly struct Exact : IPointwiseOperator
    {
        public static float Invoke(float x) => x * Phi(x, out _);

        public static Vector512<float> Invoke(Vector512<float> x) => x * Phi(x, out _);
    }

    /// <summary>dx = (Φ(x) + x·φ(x))·dy.</summary>
    public readonly struct ExactGradient : IPointwiseGradientOperator
    {
        public static float Invoke(float x, float dy)
        {
            float phi = Phi(x, out float minusZ2);
            return (phi + (x * InvSqrt2Pi * MathF.Exp(minusZ2))) * dy;
        }

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy)
        {
            var phi = Phi(x, out var minusZ2);
            return (phi + (x * InvSqrt2Pi * Vector512.Exp(minusZ2))) * dy;
        }
    }

    /// <summary>y = x·σ(2u).</summary>
    public readonly struct Tanh : IPointwiseOperator
    {
        public static float Invoke(float x) => x * Sigmoid2U(x);

        public static Vector512<float> Invoke(Vector512<float> x) => x * Sigmoid2U(x);
    }

    /// <summary>dx = (s + 2x·s(1 − s)·u')·dy.</summary>
    public readonly struct TanhGradient : IPointwiseGradientOperator
    {
        public static float Invoke(float x, float dy)
        {
            float s = Sigmoid2U(x);
            float du = TanhScale * (1f + (3f * Cubic * x * x));
            return (s + (2f * x * s * (1f - s) * du)) * dy;
        }

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy)
        {
            var s = Sigmoid2U(x);
            var du = TanhScale * (Vector512<float>.One + (3f * Cubic * x * x));
            return (s + (2f * x * s * (Vector512<float>.One - s) * du)) * dy;
        }
    }

    /// <summary>Φ(x); also returns −x²/2 (= −z²), whose exponential the derivative needs.</summary>
    private static float Phi(float x, out float minusZ2)
    {
        float z = MathF.Abs(x) * InvSqrt2;
        float t = 1f / (1f + (0.5f * z));
        float p = ErfcPoly(t);
        minusZ2 = -(z * z);
        float half = 0.5f * t * MathF.Exp(minusZ2 + p);
        return x >= 0 ? 1f - half : half;
    }

    private static Vector512<float> Phi(Vector512<float> x, out Vector512<float> minusZ2)
    {
        var z = Vector512.Abs(x) * InvSqrt2;
        var t = Vector512<float>.One / (Vector512<float>.One + (0.5f * z));
        var p = ErfcPoly(t);
        minusZ2 = -(z * z);
        var half = 0.5f * t * Vector512.Exp(minusZ2 + p);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One - half, half);
    }

    // erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2), z ≥ 0: the Chebyshev fit of Numerical Recipes §6.2,
    // relative error below 1.2e-7 for every z ≥ 0. Through Φ(x) = 1 − ½erfc(x/√2) (x ≥ 0) or ½erfc(−x/√2)
    // (x < 0) the GELU keeps a relative accuracy for negative x, where it is tiny, instead of forming 1 + erf.
    // Rounding −z² to float adds about z²·6e-8 relative: measured, y is within 1.2e-6 relative for x ≥ −3
    // and 2e-5 by x = −15 (tests/…/GeluKernelTests).
    // P(t) by Horner's rule, constants written out so the vector form broadcasts them once.
    private static float ErfcPoly(float t)
    {
        float p = MathF.FusedMultiplyAdd(0.17087277f, t, -0.82215223f);
        p = MathF.FusedMultiplyAdd(p, t, 1.48851587f);
        p = MathF.FusedMultiplyAdd(p, t, -1.13520398f);
        p = MathF.FusedMultiplyAdd(p, t, 0.27886807f);
        p = MathF.FusedMultiplyAdd(p, t, -0.18628806f);
        p = MathF.FusedMultiplyAdd(p, t, 0.09678418f);
        p = MathF.FusedMultiplyAdd(p, t, 0.37409196f);
        p = MathF.FusedMultiplyAdd(p, t, 1.00002368f);
        return MathF.FusedMultiplyAdd(p, t, -1.26551223f);
    }

    private static Vector512<float> ErfcPoly(Vector512<float> t)
    {
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(0.17087277f), t, Vector512.Create(-0.82215223f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(1.48851587f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.13520398f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.27886807f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.18628806f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.09678418f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.37409196f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(1.00002368f));
        return Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.26551223f));
    }

    private static float Sigmoid2U(float x) => 1f / (1f + MathF.Exp(-2f * TanhScale * (x + (Cubic * x * x * x))));

    private static Vector512<float> Sigmoid2U(Vector512<float> x)
        => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-2f * TanhScale * (x + (Cubic * x * x * x))));
}
