using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The AVX2 GEMM kernel for CPUs without fast AVX-512: a 6×16 tile of C in 12 ymm accumulators
/// (16 ymm registers in all: 12 accumulators, 2 B vectors, 1 broadcast), 12 FMAs for 8 loads per step.
/// </summary>
internal readonly unsafe struct MicroKernel256 : IMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

    public static int Lanes => 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    // a: (kc, 6) packed, or 6 rows lda apart; b: kc rows of 16 floats, ldb apart; c: (6, 16), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TStrip, TRows, TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, nint prefetchOffset, float* copy)
        where TStrip : struct, IStripAccess
        where TRows : struct, IPanelRows
        where TPanel : struct, IPanelAccess
    {
        // C comes from L2/L3 at the end; fetching it now hides that latency behind the k loop.
        for (int r = 0; r < (TRows.FirstFourOnly ? 4 : 6); r++)
        {
            CachePrefetch.Line(c + (r * ldc));
            CachePrefetch.Line(c + (r * ldc) + 15);
        }

        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        for (int p = 0; p < kc; p++)
        {
            if (TStrip.Prefetches)
            {
                CachePrefetch.Line(b + prefetchOffset);
                CachePrefetch.Line(b + prefetchOffset + 15);
            }

            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            if (TStrip.Copies)
            {
                b0.Store(copy);
                b1.Store(copy + 8);
                copy += Columns;
            }

            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(TPanel.InPlace ? a[lda] : a[1]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(TPanel.InPlace ? a[lda2] : a[2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(TPanel.InPlace ? a[lda3] : a[3]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            if (!TRows.FirstFourOnly)
            {
                x = Vector256.Create(TPanel.InPlace ? a4[0] : a[4]);
                c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(TPanel.InPlace ? a4[lda] : a[5]);
                c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            }

            a += TPanel.InPlace ? 1 : 6;
            if (TPanel.InPlace) a4++;
            b += ldb;
        }

        StoreRow(c, accumulate, c00, c01);
        StoreRow(c + ldc, accumulate, c10, c11);
        StoreRow(c + (2 * ldc), accumulate, c20, c21);
        StoreRow(c + (3 * ldc), accumulate, c30, c31);
        if (TRows.FirstFourOnly) return;
        StoreRow(c + (4 * ldc), accumulate, c40, c41);
        StoreRow(c + (5 * ldc), accumulate, c50, c51);
    }

    /// <inheritdoc/>
    public static void RunColumns<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, int vectors)
        where TPanel : struct, IPanelAccess
    {
        for (int v = 0; v < vectors; v++) RunColumn<TPanel>(kc, a, lda, b + (v * 8), ldb, c + (v * 8), ldc, accumulate);
    }

    // a: (kc, 6) packed, or 6 rows lda apart; b: kc rows of 8 floats, ldb apart; c: (6, 8), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunColumn<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TPanel : struct, IPanelAccess
    {
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            var x = Vector256.Load(b);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), x, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(TPanel.InPlace ? a[lda] : a[1]), x, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(TPanel.InPlace ? a[lda2] : a[2]), x, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(TPanel.InPlace ? a[lda3] : a[3]), x, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(TPanel.InPlace ? a4[0] : a[4]), x, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(TPanel.InPlace ? a4[lda] : a[5]), x, c5);
            a += TPanel.InPlace ? 1 : 6;
            if (TPanel.InPlace) a4++;
            b += ldb;
        }

        StoreVector(c, accumulate, c0);
        StoreVector(c + ldc, accumulate, c1);
        StoreVector(c + (2 * ldc), accumulate, c2);
        StoreVector(c + (3 * ldc), accumulate, c3);
        StoreVector(c + (4 * ldc), accumulate, c4);
        StoreVector(c + (5 * ldc), accumulate, c5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, bool accumulate, Vector256<float> x0, Vector256<float> x1)
    {
        if (accumulate)
        {
            x0 += Vector256.Load(c);
            x1 += Vector256.Load(c + 8);
        }

        x0.Store(c);
        x1.Store(c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVector(float* c, bool accumulate, Vector256<float> x)
    {
        if (accumulate) x += Vector256.Load(c);
        x.Store(c);
    }
}
