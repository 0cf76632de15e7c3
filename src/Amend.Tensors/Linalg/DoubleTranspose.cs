using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Linalg;

/// <summary>Float64 transposes in SIMD registers for the GEMM's packing: 8×8 with AVX-512, 4×4 and 6-row panels with AVX.</summary>
internal static unsafe class DoubleTranspose
{
    /// <summary>Whether <see cref="Transpose8x8"/> runs in hardware.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// destination[j·destinationStride + i] = source[i·sourceStride + j] for i, j &lt; 8: eight rows are
    /// interleaved in pairs, then their 128-bit lanes are gathered in two rounds of shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(double* source, nint sourceStride, double* destination, nint destinationStride)
    {
        var (r0, r1) = (Vector512.Load(source), Vector512.Load(source + sourceStride));
        var (r2, r3) = (Vector512.Load(source + (2 * sourceStride)), Vector512.Load(source + (3 * sourceStride)));
        var (r4, r5) = (Vector512.Load(source + (4 * sourceStride)), Vector512.Load(source + (5 * sourceStride)));
        var (r6, r7) = (Vector512.Load(source + (6 * sourceStride)), Vector512.Load(source + (7 * sourceStride)));
        Half(Avx512F.UnpackLow(r0, r1), Avx512F.UnpackLow(r2, r3), Avx512F.UnpackLow(r4, r5), Avx512F.UnpackLow(r6, r7), destination, destinationStride);
        Half(Avx512F.UnpackHigh(r0, r1), Avx512F.UnpackHigh(r2, r3), Avx512F.UnpackHigh(r4, r5), Avx512F.UnpackHigh(r6, r7), destination + destinationStride, destinationStride);
    }

    // Pairs a_q hold (r_{2q}[c], r_{2q+1}[c]) in lane c/2 of 4 for the even (or odd) columns c; writes
    // columns c = 0, 2, 4, 6 (or 1, 3, 5, 7) as whole output rows, 2·stride apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Half(Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3, double* destination, nint stride)
    {
        var b0 = Avx512F.Shuffle4x128(a0, a1, 0x88);
        var b1 = Avx512F.Shuffle4x128(a0, a1, 0xDD);
        var b2 = Avx512F.Shuffle4x128(a2, a3, 0x88);
        var b3 = Avx512F.Shuffle4x128(a2, a3, 0xDD);
        Avx512F.Shuffle4x128(b0, b2, 0x88).Store(destination);
        Avx512F.Shuffle4x128(b1, b3, 0x88).Store(destination + (2 * stride));
        Avx512F.Shuffle4x128(b0, b2, 0xDD).Store(destination + (4 * stride));
        Avx512F.Shuffle4x128(b1, b3, 0xDD).Store(destination + (6 * stride));
    }

    /// <summary>Whether <see cref="Transpose4x4"/> and <see cref="PackSixRows"/> run in hardware.</summary>
    public static bool HasFourWide => Avx.IsSupported;

    /// <summary>destination[j·destinationStride + i] = source[i·sourceStride + j] for i, j &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose4x4(double* source, nint sourceStride, double* destination, nint destinationStride)
    {
        var (r0, r1) = (Vector256.Load(source), Vector256.Load(source + sourceStride));
        var (r2, r3) = (Vector256.Load(source + (2 * sourceStride)), Vector256.Load(source + (3 * sourceStride)));
        var (even01, odd01) = (Avx.UnpackLow(r0, r1), Avx.UnpackHigh(r0, r1));
        var (even23, odd23) = (Avx.UnpackLow(r2, r3), Avx.UnpackHigh(r2, r3));
        Avx.Permute2x128(even01, even23, 0x20).Store(destination);
        Avx.Permute2x128(odd01, odd23, 0x20).Store(destination + destinationStride);
        Avx.Permute2x128(even01, even23, 0x31).Store(destination + (2 * destinationStride));
        Avx.Permute2x128(odd01, odd23, 0x31).Store(destination + (3 * destinationStride));
    }

    /// <summary>
    /// destination[p·6 + r] = source[r·sourceStride + p] for r &lt; 6 and p &lt; depth rounded down to 4; returns
    /// that depth. Rows 0–3 go through <see cref="Transpose4x4"/>, rows 4 and 5 through one interleave.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackSixRows(double* source, nint sourceStride, int depth, double* destination)
    {
        int p = 0;
        for (; p <= depth - 4; p += 4)
        {
            double* from = source + p, to = destination + (p * 6);
            Transpose4x4(from, sourceStride, to, 6);
            var (r4, r5) = (Vector256.Load(from + (4 * sourceStride)), Vector256.Load(from + (5 * sourceStride)));
            var (even45, odd45) = (Avx.UnpackLow(r4, r5), Avx.UnpackHigh(r4, r5));
            even45.GetLower().Store(to + 4);
            odd45.GetLower().Store(to + 10);
            even45.GetUpper().Store(to + 16);
            odd45.GetUpper().Store(to + 22);
        }

        return p;
    }
}
