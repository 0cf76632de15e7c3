using System.Numerics;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// The few vector operations the float64 kernels need, over one SIMD register type. Kernels are generic
/// over an implementing struct so the JIT compiles one specialised copy per width (operator-struct
/// pattern of TensorPrimitives): 512-bit where AVX-512 runs, otherwise <see cref="Vector{T}"/> (256-bit
/// on AVX2, 128-bit on Arm).
/// </summary>
internal interface IDoubleLanes<TVec>
    where TVec : struct
{
    static abstract int Count { get; }

    static abstract TVec Load(ref double source);

    static abstract void Store(TVec value, ref double destination);

    static abstract TVec Broadcast(double value);

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>The sum of the lanes.</summary>
    static abstract double Sum(TVec value);
}

/// <summary>Eight doubles per register (AVX-512).</summary>
internal readonly struct Lanes512 : IDoubleLanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;

    public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);

    public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);

    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    public static double Sum(Vector512<double> value) => Vector512.Sum(value);
}

/// <summary>The platform's preferred width (<see cref="Vector{T}"/>): 4 doubles on AVX2, 2 on Arm NEON.</summary>
internal readonly struct LanesVector : IDoubleLanes<Vector<double>>
{
    public static int Count => Vector<double>.Count;

    public static Vector<double> Load(ref double source) => Vector.LoadUnsafe(ref source);

    public static void Store(Vector<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    public static Vector<double> Broadcast(double value) => new(value);

    public static Vector<double> MultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.MultiplyAddEstimate(a, b, c);

    public static Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;

    public static double Sum(Vector<double> value) => Vector.Sum(value);
}
