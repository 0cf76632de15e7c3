using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// Transposes 8 rows of a row-major matrix into 8 columns of a packed block
/// (dst[p·dstStride + r] = src[r·ld + p]) through 8×8 register transposes: 8 row loads, 24 in-lane
/// shuffles, 8 stores per 64 floats, where the scalar scatter costs one store per float. It packs A
/// panels of the 8×48 kernel when A is not transposed (dstStride 8), and B strips when B is (dstStride 48).
/// </summary>
internal static unsafe class PanelTranspose
{
    /// <summary>Whether this CPU has the AVX shuffles used here.</summary>
    public static bool IsSupported => Avx.IsSupported;

    // src: 8 rows of kc floats, ld apart; dst: kc rows of 8 floats, dstStride apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack8Rows(float* src, nint ld, int kc, float* dst, nint dstStride)
    {
        int p = 0;
        for (; p <= kc - 8; p += 8) Transpose8x8(src + p, ld, dst + (p * dstStride), dstStride);
        for (; p < kc; p++)
        {
            for (int r = 0; r < 8; r++) dst[(p * dstStride) + r] = src[(r * ld) + p];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint ld, float* dst, nint dstStride)
    {
        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves swapped into place.
        var (t0, t1) = Interleave(Vector256.Load(src), Vector256.Load(src + ld));
        var (t2, t3) = Interleave(Vector256.Load(src + (2 * ld)), Vector256.Load(src + (3 * ld)));
        var (t4, t5) = Interleave(Vector256.Load(src + (4 * ld)), Vector256.Load(src + (5 * ld)));
        var (t6, t7) = Interleave(Vector256.Load(src + (6 * ld)), Vector256.Load(src + (7 * ld)));
        var (u0, u1) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE));
        var (u2, u3) = (Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
        var (u4, u5) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE));
        var (u6, u7) = (Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
        Avx.Permute2x128(u0, u4, 0x20).Store(dst);
        Avx.Permute2x128(u1, u5, 0x20).Store(dst + dstStride);
        Avx.Permute2x128(u2, u6, 0x20).Store(dst + (2 * dstStride));
        Avx.Permute2x128(u3, u7, 0x20).Store(dst + (3 * dstStride));
        Avx.Permute2x128(u0, u4, 0x31).Store(dst + (4 * dstStride));
        Avx.Permute2x128(u1, u5, 0x31).Store(dst + (5 * dstStride));
        Avx.Permute2x128(u2, u6, 0x31).Store(dst + (6 * dstStride));
        Avx.Permute2x128(u3, u7, 0x31).Store(dst + (7 * dstStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Interleave(Vector256<float> a, Vector256<float> b) =>
        (Avx.UnpackLow(a, b), Avx.UnpackHigh(a, b));
}
