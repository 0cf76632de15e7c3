using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// Float64 matrix multiply on views: C[m×n] = (accumulate ? C : 0) + alpha·op(A)·op(B), where op(A) is
/// m×k and op(B) is k×n (a transposed view supplies the transpose). C must not be transposed and must
/// not overlap A or B. Reference: <see cref="Gemm64Naive"/>; the tests compare the two.
/// </summary>
/// <remarks>
/// Goto-style blocking: C is cut into Mt×Nt tiles, computed in parallel when the work is large. For each
/// Kc-deep slab a tile packs its A block (Mt×Kc, 384 KiB, stays in L2) and B block into slivers, and a
/// register kernel accumulates one Mr×Nr piece of C per sliver pair (A sliver 12 KiB + B sliver 32 KiB
/// fit L1). Each element of C is owned by one tile and summed in a fixed order, so results do not
/// depend on thread scheduling. The hot loops skip tiered compilation (AggressiveOptimization): a single
/// large call would otherwise spend its first seconds in unoptimised code.
/// </remarks>
internal static class Gemm64
{
    private const int Mr = 6;
    private const int Kc = 256;
    private const int Mt = 32 * Mr;
    private const int Nt = 512;
    private const int MaxNr = 16;

    // Below ~2M multiply-adds starting threads costs more than it saves.
    private const long ParallelWork = 1L << 21;

    public static void Multiply(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c, bool accumulate)
    {
        Debug.Assert(!c.Transposed, "C must be row-major");
        if (!accumulate)
        {
            for (int i = 0; i < m; i++) c.Row(i, 0, n).Clear();
        }

        if (m == 0 || n == 0 || k == 0 || alpha == 0) return;
        if (Vector512.IsHardwareAccelerated) Tiled<Lanes512, Vector512<double>>(m, n, k, alpha, a, b, c);
        else Tiled<LanesVector, Vector<double>>(m, n, k, alpha, a, b, c);
    }

    private static void Tiled<TL, TV>(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int tilesM = (m + Mt - 1) / Mt, tilesN = (n + Nt - 1) / Nt, tiles = tilesM * tilesN;
        void Run(int t)
        {
            int i0 = t / tilesN * Mt, j0 = t % tilesN * Nt;
            Tile<TL, TV>(i0, Math.Min(Mt, m - i0), j0, Math.Min(Nt, n - j0), k, alpha, a, b, c);
        }

        if (tiles > 1 && (long)m * n * k >= ParallelWork) Parallel.For(0, tiles, Run);
        else for (int t = 0; t < tiles; t++) Run(t);
    }

    private static void Tile<TL, TV>(int i0, int mt, int j0, int nt, int k, double alpha, MatrixView a, MatrixView b, MatrixView c)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int nr = 2 * TL.Count;
        double[] aPack = ArrayPool<double>.Shared.Rent(Mt * Kc);
        double[] bPack = ArrayPool<double>.Shared.Rent(Kc * Nt);
        try
        {
            for (int p0 = 0; p0 < k; p0 += Kc)
            {
                int kc = Math.Min(Kc, k - p0);
                PackB(b, p0, kc, j0, nt, nr, bPack);
                PackA(a, i0, mt, p0, kc, aPack);
                for (int jr = 0; jr < nt; jr += nr)
                {
                    for (int ir = 0; ir < mt; ir += Mr)
                    {
                        Block<TL, TV>(kc, ref aPack[ir * kc], ref bPack[jr * kc], c, i0 + ir, j0 + jr, Math.Min(Mr, mt - ir), Math.Min(nr, nt - jr), alpha);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(aPack);
            ArrayPool<double>.Shared.Return(bPack);
        }
    }

    // A sliver: Mr rows interleaved per depth step, aPack[ir·kc + p·Mr + r] = A(i0+ir+r, p0+p), zero past row mt.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(MatrixView a, int i0, int mt, int p0, int kc, double[] aPack)
    {
        for (int ir = 0; ir < mt; ir += Mr)
        {
            var sliver = aPack.AsSpan(ir * kc, Mr * kc);
            for (int r = 0; r < Mr; r++)
            {
                if (ir + r >= mt)
                {
                    for (int p = 0; p < kc; p++) sliver[(p * Mr) + r] = 0;
                    continue;
                }

                for (int p = 0; p < kc; p++) sliver[(p * Mr) + r] = a.At(i0 + ir + r, p0 + p);
            }
        }
    }

    // B sliver: nr columns per depth step, bPack[jr·kc + p·nr + j] = B(p0+p, j0+jr+j), zero past column nt.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(MatrixView b, int p0, int kc, int j0, int nt, int nr, double[] bPack)
    {
        for (int jr = 0; jr < nt; jr += nr)
        {
            int width = Math.Min(nr, nt - jr);
            for (int p = 0; p < kc; p++)
            {
                var dest = bPack.AsSpan((jr * kc) + (p * nr), nr);
                if (!b.Transposed) b.Row(p0 + p, j0 + jr, width).CopyTo(dest);
                else for (int j = 0; j < width; j++) dest[j] = b.At(p0 + p, j0 + jr + j);
                dest[width..].Clear();
            }
        }
    }

    // One Mr×nr piece of C; edge pieces go through a zeroed scratch tile so the kernel never writes outside C.
    private static void Block<TL, TV>(int kc, ref double a, ref double b, MatrixView c, int row, int col, int rows, int cols, double alpha)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int nr = 2 * TL.Count;
        if (rows == Mr && cols == nr)
        {
            Kernel<TL, TV>(kc, ref a, ref b, ref c.At(row, col), c.Ld, alpha);
            return;
        }

        Span<double> scratch = stackalloc double[Mr * MaxNr];
        scratch.Clear();
        Kernel<TL, TV>(kc, ref a, ref b, ref scratch[0], nr, alpha);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) c.At(row + r, col + j) += scratch[(r * nr) + j];
        }
    }

    // C[0..6, 0..2w] += alpha · Σ_p a[p·6 + r] · b[p·2w + j]: twelve accumulators stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<TL, TV>(int kc, ref double a, ref double b, ref double c, int ldc, double alpha)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int w = TL.Count;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TV c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            ref double bp = ref Unsafe.Add(ref b, p * 2 * w);
            ref double ap = ref Unsafe.Add(ref a, p * Mr);
            TV b0 = TL.Load(ref bp), b1 = TL.Load(ref Unsafe.Add(ref bp, w));
            TV x = TL.Broadcast(ap);
            (c00, c01) = (TL.MultiplyAdd(x, b0, c00), TL.MultiplyAdd(x, b1, c01));
            x = TL.Broadcast(Unsafe.Add(ref ap, 1));
            (c10, c11) = (TL.MultiplyAdd(x, b0, c10), TL.MultiplyAdd(x, b1, c11));
            x = TL.Broadcast(Unsafe.Add(ref ap, 2));
            (c20, c21) = (TL.MultiplyAdd(x, b0, c20), TL.MultiplyAdd(x, b1, c21));
            x = TL.Broadcast(Unsafe.Add(ref ap, 3));
            (c30, c31) = (TL.MultiplyAdd(x, b0, c30), TL.MultiplyAdd(x, b1, c31));
            x = TL.Broadcast(Unsafe.Add(ref ap, 4));
            (c40, c41) = (TL.MultiplyAdd(x, b0, c40), TL.MultiplyAdd(x, b1, c41));
            x = TL.Broadcast(Unsafe.Add(ref ap, 5));
            (c50, c51) = (TL.MultiplyAdd(x, b0, c50), TL.MultiplyAdd(x, b1, c51));
        }

        TV scale = TL.Broadcast(alpha);
        AddScaled<TL, TV>(ref c, scale, c00, c01);
        AddScaled<TL, TV>(ref Unsafe.Add(ref c, ldc), scale, c10, c11);
        AddScaled<TL, TV>(ref Unsafe.Add(ref c, 2 * ldc), scale, c20, c21);
        AddScaled<TL, TV>(ref Unsafe.Add(ref c, 3 * ldc), scale, c30, c31);
        AddScaled<TL, TV>(ref Unsafe.Add(ref c, 4 * ldc), scale, c40, c41);
        AddScaled<TL, TV>(ref Unsafe.Add(ref c, 5 * ldc), scale, c50, c51);
    }

    private static void AddScaled<TL, TV>(ref double row, TV scale, TV low, TV high)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        ref double upper = ref Unsafe.Add(ref row, TL.Count);
        TL.Store(TL.MultiplyAdd(scale, low, TL.Load(ref row)), ref row);
        TL.Store(TL.MultiplyAdd(scale, high, TL.Load(ref upper)), ref upper);
    }
}
