using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>
/// A function of two floats applied element by element: one scalar form for remainders and strided
/// elements, and one form per vector width so <see cref="SpanKernels"/> can use the widest the CPU has.
/// Every form must compute the same value (the tests compare them).
/// </summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
