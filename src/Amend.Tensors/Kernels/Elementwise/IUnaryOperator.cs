using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>
/// A function of one float applied element by element, in scalar and vector forms that compute the same
/// value (see <see cref="IBinaryOperator"/>).
/// </summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}
