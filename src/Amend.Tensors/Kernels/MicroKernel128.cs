using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The 128-bit GEMM kernel, for CPUs whose widest accelerated vectors are 128 bits with a fused
/// multiply-add: Arm64 (NEON, e.g. Apple silicon laptops), where the wider kernels would run in software.
/// An 8×12 tile of C in 24 accumulators (Arm64 has 32 vector registers: 24 accumulators, 3 B vectors,
/// 1 broadcast); per step 3 loads of a B row, 8 broadcasts of A, 24 FMAs.
/// </summary>
internal readonly unsafe struct MicroKernel128 : IMicroKernel
{
    public static int Rows => 8;

    public static int Columns => 12;

    public static int Lanes => 4;

    public static bool IsSupported => Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || Fma.IsSupported);

    // a: (kc, 8) packed, or 8 rows lda apart; b: kc rows of 12 floats, ldb apart; c: (8, 12), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TStrip, TRows, TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, nint prefetchOffset, float* copy)
        where TStrip : struct, IStripAccess
        where TRows : struct, IPanelRows
        where TPanel : struct, IPanelAccess
    {
        Vector128<float> c00 = default, c01 = default, c02 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default;
        Vector128<float> c20 = default, c21 = default, c22 = default;
        Vector128<float> c30 = default, c31 = default, c32 = default;
        Vector128<float> c40 = default, c41 = default, c42 = default;
        Vector128<float> c50 = default, c51 = default, c52 = default;
        Vector128<float> c60 = default, c61 = default, c62 = default;
        Vector128<float> c70 = default, c71 = default, c72 = default;
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        for (int p = 0; p < kc; p++)
        {
            if (TStrip.Prefetches) CachePrefetch.Line(b + prefetchOffset);

            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var b2 = Vector128.Load(b + 8);
            if (TStrip.Copies)
            {
                b0.Store(copy);
                b1.Store(copy + 4);
                b2.Store(copy + 8);
                copy += Columns;
            }

            var x0 = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(x0, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(x0, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(x0, b2, c02);
            var x1 = Vector128.Create(TPanel.InPlace ? a[lda] : a[1]);
            c10 = Vector128.FusedMultiplyAdd(x1, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(x1, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(x1, b2, c12);
            var x2 = Vector128.Create(TPanel.InPlace ? a[lda2] : a[2]);
            c20 = Vector128.FusedMultiplyAdd(x2, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(x2, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(x2, b2, c22);
            var x3 = Vector128.Create(TPanel.InPlace ? a[lda3] : a[3]);
            c30 = Vector128.FusedMultiplyAdd(x3, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(x3, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(x3, b2, c32);
            if (!TRows.FirstFourOnly)
            {
                var x4 = Vector128.Create(TPanel.InPlace ? a4[0] : a[4]);
                c40 = Vector128.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector128.FusedMultiplyAdd(x4, b1, c41);
                c42 = Vector128.FusedMultiplyAdd(x4, b2, c42);
                var x5 = Vector128.Create(TPanel.InPlace ? a4[lda] : a[5]);
                c50 = Vector128.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector128.FusedMultiplyAdd(x5, b1, c51);
                c52 = Vector128.FusedMultiplyAdd(x5, b2, c52);
                var x6 = Vector128.Create(TPanel.InPlace ? a4[lda2] : a[6]);
                c60 = Vector128.FusedMultiplyAdd(x6, b0, c60);
                c61 = Vector128.FusedMultiplyAdd(x6, b1, c61);
                c62 = Vector128.FusedMultiplyAdd(x6, b2, c62);
                var x7 = Vector128.Create(TPanel.InPlace ? a4[lda3] : a[7]);
                c70 = Vector128.FusedMultiplyAdd(x7, b0, c70);
                c71 = Vector128.FusedMultiplyAdd(x7, b1, c71);
                c72 = Vector128.FusedMultiplyAdd(x7, b2, c72);
            }

            a += TPanel.InPlace ? 1 : 8;
            if (TPanel.InPlace) a4++;
            b += ldb;
        }

        StoreRow(c, accumulate, c00, c01, c02);
        StoreRow(c + ldc, accumulate, c10, c11, c12);
        StoreRow(c + (2 * ldc), accumulate, c20, c21, c22);
        StoreRow(c + (3 * ldc), accumulate, c30, c31, c32);
        if (TRows.FirstFourOnly) return;
        StoreRow(c + (4 * ldc), accumulate, c40, c41, c42);
        StoreRow(c + (5 * ldc), accumulate, c50, c51, c52);
        StoreRow(c + (6 * ldc), accumulate, c60, c61, c62);
        StoreRow(c + (7 * ldc), accumulate, c70, c71, c72);
    }

    /// <inheritdoc/>
    public static void RunColumns<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, int vectors)
        where TPanel : struct, IPanelAccess
    {
        for (int v = 0; v < vectors; v++) RunColumn<TPanel>(kc, a, lda, b + (v * 4), ldb, c + (v * 4), ldc, accumulate);
    }

    // a: (kc, 8) packed, or 8 rows lda apart; b: kc rows of 4 floats, ldb apart; c: (8, 4), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunColumn<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TPanel : struct, IPanelAccess
    {
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            var x = Vector128.Load(b);
            c0 = Vector128.FusedMultiplyAdd(Vector128.Create(a[0]), x, c0);
            c1 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a[lda] : a[1]), x, c1);
            c2 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a[lda2] : a[2]), x, c2);
            c3 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a[lda3] : a[3]), x, c3);
            c4 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a4[0] : a[4]), x, c4);
            c5 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a4[lda] : a[5]), x, c5);
            c6 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a4[lda2] : a[6]), x, c6);
            c7 = Vector128.FusedMultiplyAdd(Vector128.Create(TPanel.InPlace ? a4[lda3] : a[7]), x, c7);
            a += TPanel.InPlace ? 1 : 8;
            if (TPanel.InPlace) a4++;
            b += ldb;
        }

        StoreVector(c, accumulate, c0);
        StoreVector(c + ldc, accumulate, c1);
        StoreVector(c + (2 * ldc), accumulate, c2);
        StoreVector(c + (3 * ldc), accumulate, c3);
        StoreVector(c + (4 * ldc), accumulate, c4);
        StoreVector(c + (5 * ldc), accumulate, c5);
        StoreVector(c + (6 * ldc), accumulate, c6);
        StoreVector(c + (7 * ldc), accumulate, c7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, bool accumulate, Vector128<float> x0, Vector128<float> x1, Vector128<float> x2)
    {
        if (accumulate)
        {
            x0 += Vector128.Load(c);
            x1 += Vector128.Load(c + 4);
            x2 += Vector128.Load(c + 8);
        }

        x0.Store(c);
        x1.Store(c + 4);
        x2.Store(c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVector(float* c, bool accumulate, Vector128<float> x)
    {
        if (accumulate) x += Vector128.Load(c);
        x.Store(c);
    }
}
