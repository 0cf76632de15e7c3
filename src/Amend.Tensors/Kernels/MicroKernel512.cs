using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The AVX-512 GEMM kernel: an 8×48 tile of C in 24 zmm accumulators. Each step loads three
/// 16-float vectors of a B row and broadcasts eight A values: 24 FMAs for 11 loads, so the two FMA
/// ports stay busy while 24 independent chains cover the FMA latency.
/// </summary>
internal readonly unsafe struct MicroKernel512 : IMicroKernel
{
    public static int Rows => 8;

    public static int Columns => 48;

    public static int Lanes => 16;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    // a: (kc, 8) packed, or 8 rows lda apart; b: kc rows of 48 floats, ldb apart; c: (8, 48), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TStrip, TRows, TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, nint prefetchOffset, float* copy)
        where TStrip : struct, IStripAccess
        where TRows : struct, IPanelRows
        where TPanel : struct, IPanelAccess
    {
        // C comes from L2/L3 at the end; fetching it now hides that latency behind the k loop.
        for (int r = 0; r < (TRows.FirstFourOnly ? 4 : 8); r++)
        {
            CachePrefetch.Line(c + (r * ldc));
            CachePrefetch.Line(c + (r * ldc) + 16);
            CachePrefetch.Line(c + (r * ldc) + 32);
            CachePrefetch.Line(c + (r * ldc) + 47);
        }

        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        for (int p = 0; p < kc; p++)
        {
            if (TStrip.Prefetches)
            {
                CachePrefetch.Line(b + prefetchOffset);
                CachePrefetch.Line(b + prefetchOffset + 16);
                CachePrefetch.Line(b + prefetchOffset + 32);
                CachePrefetch.Line(b + prefetchOffset + 47);
            }

            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            if (TStrip.Copies)
            {
                b0.Store(copy);
                b1.Store(copy + 16);
                b2.Store(copy + 32);
                copy += Columns;
            }

            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(TPanel.InPlace ? a[lda] : a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(TPanel.InPlace ? a[lda2] : a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(TPanel.InPlace ? a[lda3] : a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            if (!TRows.FirstFourOnly)
            {
                x = Vector512.Create(TPanel.InPlace ? a4[0] : a[4]);
                c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
                x = Vector512.Create(TPanel.InPlace ? a4[lda] : a[5]);
                c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
                x = Vector512.Create(TPanel.InPlace ? a4[lda2] : a[6]);
                c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
                x = Vector512.Create(TPanel.InPlace ? a4[lda3] : a[7]);
                c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
                c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
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
        if (vectors == 2) RunTwoColumns<TPanel>(kc, a, lda, b, ldb, c, ldc, accumulate);
        else RunColumn<TPanel>(kc, a, lda, b, ldb, c, ldc, accumulate);
    }

    // a: (kc, 8) packed, or 8 rows lda apart; b: kc rows of 32 floats, ldb apart; c: (8, 32), ldc apart. Sixteen FMAs for ten
    // loads keep the FMA ports busy, where two one-vector passes (eight for nine) wait on loads.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTwoColumns<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TPanel : struct, IPanelAccess
    {
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(TPanel.InPlace ? a[lda] : a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(TPanel.InPlace ? a[lda2] : a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(TPanel.InPlace ? a[lda3] : a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(TPanel.InPlace ? a4[0] : a[4]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(TPanel.InPlace ? a4[lda] : a[5]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(TPanel.InPlace ? a4[lda2] : a[6]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(TPanel.InPlace ? a4[lda3] : a[7]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += TPanel.InPlace ? 1 : 8;
            if (TPanel.InPlace) a4++;
            b += ldb;
        }

        StorePair(c, accumulate, c00, c01);
        StorePair(c + ldc, accumulate, c10, c11);
        StorePair(c + (2 * ldc), accumulate, c20, c21);
        StorePair(c + (3 * ldc), accumulate, c30, c31);
        StorePair(c + (4 * ldc), accumulate, c40, c41);
        StorePair(c + (5 * ldc), accumulate, c50, c51);
        StorePair(c + (6 * ldc), accumulate, c60, c61);
        StorePair(c + (7 * ldc), accumulate, c70, c71);
    }

    // a: (kc, 8) packed, or 8 rows lda apart; b: kc rows of 16 floats, ldb apart; c: (8, 16), ldc apart
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunColumn<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TPanel : struct, IPanelAccess
    {
        float* a4 = a + (4 * lda);
        nint lda2 = 2 * lda, lda3 = 3 * lda;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            var x = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), x, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a[lda] : a[1]), x, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a[lda2] : a[2]), x, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a[lda3] : a[3]), x, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a4[0] : a[4]), x, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a4[lda] : a[5]), x, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a4[lda2] : a[6]), x, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(TPanel.InPlace ? a4[lda3] : a[7]), x, c7);
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
    private static void StoreRow(float* c, bool accumulate, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2)
    {
        if (accumulate)
        {
            x0 += Vector512.Load(c);
            x1 += Vector512.Load(c + 16);
            x2 += Vector512.Load(c + 32);
        }

        x0.Store(c);
        x1.Store(c + 16);
        x2.Store(c + 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(float* c, bool accumulate, Vector512<float> x0, Vector512<float> x1)
    {
        StoreVector(c, accumulate, x0);
        StoreVector(c + 16, accumulate, x1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVector(float* c, bool accumulate, Vector512<float> x)
    {
        if (accumulate) x += Vector512.Load(c);
        x.Store(c);
    }
}
