using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels.Elementwise;

// Backward operators of the unary ops: Invoke(dy, v) = dx, where v is the op's input x or its output y
// as each summary says. They run through the same driver as the forward ops.

/// <summary>relu: dx = dy where x &gt; 0, else 0 (the subgradient at 0 is 0, as in torch).</summary>
internal readonly struct ReluGradientOperator : IBinaryOperator
{
    public static float Invoke(float dy, float x) => x > 0f ? dy : 0f;

    public static Vector128<float> Invoke(Vector128<float> dy, Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), dy, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> dy, Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> dy, Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dy, Vector512<float>.Zero);
}

/// <summary>|x|: dx = dy·sign(x), with sign(0) = 0 as in torch.</summary>
internal readonly struct AbsGradientOperator : IBinaryOperator
{
    public static float Invoke(float dy, float x) => x > 0f ? dy : x < 0f ? -dy : 0f;

    public static Vector128<float> Invoke(Vector128<float> dy, Vector128<float> x)
    {
        var zero = Vector128<float>.Zero;
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, zero), dy, Vector128.ConditionalSelect(Vector128.LessThan(x, zero), -dy, zero));
    }

    public static Vector256<float> Invoke(Vector256<float> dy, Vector256<float> x)
    {
        var zero = Vector256<float>.Zero;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, zero), dy, Vector256.ConditionalSelect(Vector256.LessThan(x, zero), -dy, zero));
    }

    public static Vector512<float> Invoke(Vector512<float> dy, Vector512<float> x)
    {
        var zero = Vector512<float>.Zero;
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, zero), dy, Vector512.ConditionalSelect(Vector512.LessThan(x, zero), -dy, zero));
    }
}

/// <summary>y = tanh x: dx = dy·(1 - y²).</summary>
internal readonly struct TanhGradientOperator : IBinaryOperator
{
    public static float Invoke(float dy, float y) => dy * (1f - (y * y));

    public static Vector128<float> Invoke(Vector128<float> dy, Vector128<float> y) => dy * (Vector128<float>.One - (y * y));

    public static Vector256<float> Invoke(Vector256<float> dy, Vector256<float> y) => dy * (Vector256<float>.One - (y * y));

    public static Vector512<float> Invoke(Vector512<float> dy, Vector512<float> y) => dy * (Vector512<float>.One - (y * y));
}

/// <summary>y = σ(x): dx = dy·y·(1 - y).</summary>
internal readonly struct SigmoidGradientOperator : IBinaryOperator
{
    public static float Invoke(float dy, float y) => dy * y * (1f - y);

    public static Vector128<float> Invoke(Vector128<float> dy, Vector128<float> y) => dy * y * (Vector128<float>.One - y);

    public static Vector256<float> Invoke(Vector256<float> dy, Vector256<float> y) => dy * y * (Vector256<float>.One - y);

    public static Vector512<float> Invoke(Vector512<float> dy, Vector512<float> y) => dy * y * (Vector512<float>.One - y);
}

/// <summary>y = √x: dx = dy / (2y).</summary>
internal readonly struct SqrtGradientOperator : IBinaryOperator
{
    public static float Invoke(float dy, float y) => dy / (y + y);

    public static Vector128<float> Invoke(Vector128<float> dy, Vector128<float> y) => dy / (y + y);

    public static Vector256<float> Invoke(Vector256<float> dy, Vector256<float> y) => dy / (y + y);

    public static Vector512<float> Invoke(Vector512<float> dy, Vector512<float> y) => dy / (y + y);
}
