using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// Widening of Float16 and BFloat16 bit patterns to float32 in vector registers, so kernels read
/// half-precision weights in place. bfloat16 is the top half of a float32 (a shift). For float16 the
/// exponent and mantissa bits are shifted into float32 position and scaled by 2^112, which re-biases
/// the exponent (15 → 127) and turns subnormals into the right normal values exactly; infinities and
/// NaNs get the all-ones exponent instead.
/// </summary>
internal static unsafe class HalfWidening
{
    // 2^112 = 2^(127 - 15): moves a float16 exponent bias to the float32 one.
    private static readonly float ExponentRebias = BitConverter.Int32BitsToSingle(0x77800000);

    /// <summary>One value, widened exactly.</summary>
    public static float ToSingle(ushort bits, DType type) =>
        type == DType.BFloat16 ? BitConverter.Int32BitsToSingle(bits << 16) : (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>Widens <paramref name="count"/> values from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Widen(ushort* source, DType type, float* destination, int count)
    {
        // One loop per type: with the type a constant there, the JIT drops the other type's code from it.
        if (type == DType.BFloat16) WidenAs(source, DType.BFloat16, destination, count);
        else WidenAs(source, DType.Float16, destination, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WidenAs(ushort* source, DType type, float* destination, int count)
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i <= count - 16; i += 16) Load16(source + i, type).Store(destination + i);
        }
        else if (Avx2.IsSupported)
        {
            for (; i <= count - 8; i += 8) Load8(source + i, type).Store(destination + i);
        }

        for (; i < count; i++) destination[i] = ToSingle(source[i], type);
    }

    /// <summary>16 consecutive values as one float32 vector (AVX-512 only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load16(ushort* source, DType type)
    {
        var bits = Avx512F.ConvertToVector512UInt32(Vector256.Load(source));
        if (type == DType.BFloat16) return (bits << 16).AsSingle();
        var sign = (bits & Vector512.Create(0x8000u)) << 16;
        var magnitude = bits & Vector512.Create(0x7FFFu);
        var scaled = (magnitude << 13).AsSingle() * Vector512.Create(ExponentRebias);
        var infOrNan = ((magnitude << 13) | Vector512.Create(0x7F800000u)).AsSingle();
        var special = Vector512.GreaterThanOrEqual(magnitude, Vector512.Create(0x7C00u)).AsSingle();
        return (Vector512.ConditionalSelect(special, infOrNan, scaled).AsUInt32() | sign).AsSingle();
    }

    /// <summary>8 consecutive values as one float32 vector (AVX2 only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load8(ushort* source, DType type)
    {
        var bits = Avx2.ConvertToVector256Int32(source).AsUInt32();
        if (type == DType.BFloat16) return (bits << 16).AsSingle();
        var sign = (bits & Vector256.Create(0x8000u)) << 16;
        var magnitude = bits & Vector256.Create(0x7FFFu);
        var scaled = (magnitude << 13).AsSingle() * Vector256.Create(ExponentRebias);
        var infOrNan = ((magnitude << 13) | Vector256.Create(0x7F800000u)).AsSingle();
        var special = Vector256.GreaterThanOrEqual(magnitude, Vector256.Create(0x7C00u)).AsSingle();
        return (Vector256.ConditionalSelect(special, infOrNan, scaled).AsUInt32() | sign).AsSingle();
    }
}
