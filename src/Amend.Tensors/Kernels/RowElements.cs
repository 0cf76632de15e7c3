using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// How a kernel reads elements of B's rows as float32, as a type argument so the JIT compiles one loop per
/// storage type with the widening inlined and no branch on the dtype inside it.
/// </summary>
internal unsafe interface IRowElements
{
    /// <summary>16 consecutive elements from <paramref name="row"/> + <paramref name="index"/> elements, as float32.</summary>
    static abstract Vector512<float> Load16(void* row, nint index);

    /// <summary>One element, as float32.</summary>
    static abstract float Load(void* row, nint index);
}

/// <summary>Float32 elements, read as they are.</summary>
internal readonly unsafe struct Float32Elements : IRowElements
{
    public static Vector512<float> Load16(void* row, nint index) => Vector512.Load((float*)row + index);

    public static float Load(void* row, nint index) => ((float*)row)[index];
}

/// <summary>BFloat16 bit patterns, widened in registers.</summary>
internal readonly unsafe struct BFloat16Elements : IRowElements
{
    public static Vector512<float> Load16(void* row, nint index) => HalfWidening.Load16((ushort*)row + index, DType.BFloat16);

    public static float Load(void* row, nint index) => HalfWidening.ToSingle(((ushort*)row)[index], DType.BFloat16);
}

/// <summary>Float16 bit patterns, widened in registers.</summary>
internal readonly unsafe struct Float16Elements : IRowElements
{
    public static Vector512<float> Load16(void* row, nint index) => HalfWidening.Load16((ushort*)row + index, DType.Float16);

    public static float Load(void* row, nint index) => HalfWidening.ToSingle(((ushort*)row)[index], DType.Float16);
}
