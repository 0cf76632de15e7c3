using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous layouts the micro-kernels stream through,
/// resolving transposes and widening half-precision B on the way. Tiles are zero-padded to full
/// size so the kernels never branch on edges.
/// </summary>
internal static unsafe class GemmPacking
{
    // Rows of stored B that PackB reads side by side. A B larger than the L2s comes from L3, which serves
    // one read stream (one row at a time) slowly; with 8 rows in flight, packing 128×768×3072's B took a
    // third less time (docs/performance.md, "Packing B reads 8 rows side by side").
    private const int RowsAtOnce = 8;

    // Batches of rows that PackB fetches ahead of the one it copies. Each row segment is a new stream to the
    // hardware prefetchers, which do not follow B's rows ldb apart: fetching two batches ahead ran 128×768×3072
    // and 128×3072×768 1.05–1.08 times as fast on a Zen 5 (bench/compare_builds.sh, three runs), and the large
    // shapes, whose packing is a smaller share of the time, 1.01–1.03 times (four batches ahead: the same).
    private const int PrefetchBatchesAhead = 2;

    // Stored rows of a transposed A that PackTransposedAPanels reads side by side across its panels.
    private const int TransposedBand = 16;

    /// <summary>
    /// A panel: dst[p·mr + r] = op(A)[i0 + r, p0 + p] for p &lt; kc, r &lt; mr; rows from
    /// <paramref name="rows"/> on are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in GemmProblem g, int i0, int rows, int mr, int p0, int kc, float* dst)
    {
        if (g.TransA)
        {
            // Stored k×m: a row of the panel is contiguous in A.
            for (int p = 0; p < kc; p++)
            {
                float* src = g.A + ((p0 + p) * g.Lda) + i0;
                float* d = dst + (p * mr);
                Copy(src, d, rows);
                for (int r = rows; r < mr; r++) d[r] = 0f;
            }

            return;
        }

        if (mr == 8 && rows == 8 && PanelTranspose.IsSupported)
        {
            PanelTranspose.Pack8Rows(g.A + (i0 * g.Lda) + p0, g.Lda, kc, dst, 8);
            return;
        }

        // Stored m×k: each A row is read sequentially and scattered mr apart.
        for (int r = 0; r < rows; r++)
        {
            float* src = g.A + ((i0 + r) * g.Lda) + p0;
            float* d = dst + r;
            for (int p = 0; p < kc; p++) d[p * mr] = src[p];
        }

        for (int r = rows; r < mr; r++)
        {
            for (int p = 0; p < kc; p++) dst[(p * mr) + r] = 0f;
        }
    }

    /// <summary>
    /// Consecutive panels of a transposed A (stored k×m) for rows <paramref name="i0"/>..+<paramref name="rows"/>: panel q
    /// at dst + q·mr·kc, as <see cref="PackA"/> packs each (a row-major A is read in place, not packed in blocks). A is
    /// read a band of <see cref="TransposedBand"/> stored rows at a time across all the panels, so that each stored row
    /// is read front to back: panel by panel, each read takes a few floats from every one of kc rows, a new cache line
    /// and page each, which the hardware prefetchers do not follow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackTransposedAPanels(in GemmProblem g, int i0, int rows, int mr, int p0, int kc, float* dst)
    {
        Debug.Assert(g.TransA, "a row-major A is read in place");
        int panels = (rows + mr - 1) / mr;
        for (int p = 0; p < kc; p += TransposedBand)
        {
            int band = Math.Min(TransposedBand, kc - p);
            for (int q = 0; q < panels; q++)
            {
                int width = Math.Min(mr, rows - (q * mr));
                float* src = g.A + ((p0 + p) * g.Lda) + i0 + (q * mr);
                float* d = dst + (q * mr * kc) + (p * mr);
                for (int b = 0; b < band; b++, src += g.Lda, d += mr)
                {
                    Copy(src, d, width);
                    for (int r = width; r < mr; r++) d[r] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Floats from one packed B strip to the next: kc·nr plus one cache line, because strips a multiple
    /// of 4 KiB apart would all map to the same L1 sets while a row is scattered across them.
    /// </summary>
    public static int StripStride(int kc, int nr) => (kc * nr) + 16;

    /// <summary>
    /// Consecutive B strips: strip q (columns j0 + q·nr ..) lands at dst + q·<see cref="StripStride"/> with
    /// strip[p·nr + j] = op(B)[p0 + p, j0 + q·nr + j] for p &lt; kc, widened to float32; columns past
    /// <paramref name="cols"/> are zero. Stored B is read <see cref="RowsAtOnce"/> rows at a time, side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in GemmProblem g, int j0, int cols, int nr, int p0, int kc, float* dst)
    {
        if (g.TransB)
        {
            PackTransposedB(g, j0, cols, nr, p0, kc, dst);
            return;
        }

        int strips = (cols + nr - 1) / nr, stride = StripStride(kc, nr);
        bool floats = g.BType == DType.Float32;
        for (int p = 0; p < kc; p += RowsAtOnce)
        {
            int rows = Math.Min(RowsAtOnce, kc - p);
            nint offset = ((nint)(p0 + p) * g.Ldb) + j0;
            int ahead = p + (PrefetchBatchesAhead * RowsAtOnce);
            if (floats && ahead < kc) PrefetchRows((float*)g.B + ((nint)(p0 + ahead) * g.Ldb) + j0, g.Ldb, Math.Min(RowsAtOnce, kc - ahead), cols);
            for (int q = 0; q < strips; q++)
            {
                int count = Math.Min(nr, cols - (q * nr));
                float* d = dst + (q * stride) + (p * nr);
                if (floats && count == nr) CopyStripRows((float*)g.B + offset + (q * nr), g.Ldb, rows, nr, d);
                else PackPartialStripRows(g, offset + (q * nr), rows, count, nr, d);
            }
        }
    }

    // The lines of `rows` row segments of `cols` floats, ld apart, into L1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows(float* first, nint ld, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            byte* row = (byte*)(first + (r * ld));
            for (int offset = 0; offset < cols * sizeof(float); offset += 64) CachePrefetch.Line(row + offset);
            CachePrefetch.Line(row + (cols * sizeof(float)) - 1);
        }
    }

    // rows × nr floats of float32 B into a strip: the common case, kept free of per-row type and width checks
    // (they made packing take twice as long as the copy itself).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyStripRows(float* source, nint ld, int rows, int nr, float* destination)
    {
        for (int r = 0; r < rows; r++, source += ld, destination += nr) Copy(source, destination, nr);
    }

    // A strip narrower than nr, or half-precision B widened on the way; columns past count are zero.
    private static void PackPartialStripRows(in GemmProblem g, nint offset, int rows, int count, int nr, float* d)
    {
        for (int r = 0; r < rows; r++, offset += g.Ldb, d += nr)
        {
            if (g.BType == DType.Float32) Copy((float*)g.B + offset, d, count);
            else HalfWidening.Widen((ushort*)g.B + offset, g.BType, d, count);
            for (int j = count; j < nr; j++) d[j] = 0f;
        }
    }

    // A short row copy inlined here: Span.CopyTo's call costs as much as copying one 48-float strip row
    // or one 8-float panel row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* destination, int count)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= count - 16; j += 16) Vector512.Load(source + j).Store(destination + j);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= count - 8; j += 8) Vector256.Load(source + j).Store(destination + j);
        }

        for (; j < count; j++) destination[j] = source[j];
    }

    // Stored n×k: each B row (a column of op(B)) lands in one column of a strip, nr apart. Groups of 8
    // rows inside one strip go through register transposes (half rows widened to a stack buffer first).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedB(in GemmProblem g, int j0, int cols, int nr, int p0, int kc, float* dst)
    {
        float* wide = stackalloc float[g.BType == DType.Float32 ? 0 : 8 * kc];
        for (int j = 0; j < cols;)
        {
            float* d = dst + ((j / nr) * StripStride(kc, nr)) + (j % nr);
            nint offset = ((j0 + j) * g.Ldb) + p0;
            if (j % nr <= nr - 8 && j <= cols - 8 && PanelTranspose.IsSupported)
            {
                float* src = (float*)g.B + offset;
                nint ld = g.Ldb;
                if (g.BType != DType.Float32)
                {
                    for (int r = 0; r < 8; r++) HalfWidening.Widen((ushort*)g.B + offset + (r * g.Ldb), g.BType, wide + (r * kc), kc);
                    src = wide;
                    ld = kc;
                }

                PanelTranspose.Pack8Rows(src, ld, kc, d, nr);
                j += 8;
                continue;
            }

            for (int p = 0; p < kc; p++) d[p * nr] = g.BType == DType.Float32 ? ((float*)g.B)[offset + p] : HalfWidening.ToSingle(((ushort*)g.B)[offset + p], g.BType);
            j++;
        }

        // Zero the padding columns of the last strip.
        int last = (cols - 1) / nr, used = cols - (last * nr);
        for (int j = used; j < nr; j++)
        {
            for (int p = 0; p < kc; p++) dst[(last * StripStride(kc, nr)) + (p * nr) + j] = 0f;
        }
    }
}
