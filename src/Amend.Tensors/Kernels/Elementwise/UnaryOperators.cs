using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels.Elementwise;

// Forward operators of the simple unary ops. Their gradients are in GradientOperators.cs; the
// transcendental ops (exp, log, tanh, sigmoid, pow) use TensorPrimitives instead.

/// <summary>-x.</summary>
internal readonly struct NegateOperator : IUnaryOperator
{
    public static float Invoke(float x) => -x;

    public static Vector128<float> Invoke(Vector128<float> x) => -x;

    public static Vector256<float> Invoke(Vector256<float> x) => -x;

    public static Vector512<float> Invoke(Vector512<float> x) => -x;
}

/// <summary>|x|.</summary>
internal readonly struct AbsOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Abs(x);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>max(x, 0); NaN stays NaN in every form (IEEE 754:2019 maximum), as in torch.</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Max(x, 0f);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}

/// <summary>x².</summary>
internal readonly struct SquareOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * x;

    public static Vector128<float> Invoke(Vector128<float> x) => x * x;

    public static Vector256<float> Invoke(Vector256<float> x) => x * x;

    public static Vector512<float> Invoke(Vector512<float> x) => x * x;
}

/// <summary>√x (correctly rounded in every form).</summary>
internal readonly struct SqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Sqrt(x);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);
}
