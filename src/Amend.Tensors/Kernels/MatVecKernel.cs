using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The GEMM for one or a few rows of A (decoding a token, or a prompt of a few tokens): C[m×n] (+)=
/// op(A)[m×k] · op(B) with m ≤ <see cref="MaxRows"/>. It is bound by reading B once, so each thread
/// streams one contiguous range of B rows (its part), and every row of A uses each block of B while it is
/// in L1. Row-major B (k×n): a thread sums op(A)[i,p]·B[p,:] over its rows into C (the first part) or
/// into partial rows added to C at the end. Transposed B (n×k, e.g. a Linear weight): a thread owns a
/// range of output columns, each a dot product of every A row with one contiguous B row. For one row of
/// A, a part is read as 8 runs of rows side by side, so that 8 long streams keep the memory system busy,
/// and half-precision rows are widened in registers; with more rows, into a per-thread buffer first.
/// </summary>
/// <remarks>
/// A product repeated on the same B (a benchmark, a loop over one matrix) finds the end of each part that
/// a thread read last, up to an L2's worth, still in that core's L2. So each thread takes the part it had
/// last call, and every other call walks the parts back to front: blocks of whole dot products for
/// transposed B; for one row of A and row-major B, groups of rows, each summed into its own partial row
/// and added in a fixed order, so that both directions give the same bits. In a model's decode step the
/// other layers' weights pass through L2 between two uses of a matrix, and this changes nothing there.
/// </remarks>
internal sealed unsafe class MatVecKernel : IChunkedWork
{
    /// <summary>The most rows of A this kernel takes.</summary>
    public const int MaxRows = 12;

    // Below this many elements of B (1 MiB of float32) only one row of A comes here. The speed-ups of Takes
    // were measured on B of 768×768 and larger; on a small B a product of a few rows is over in microseconds
    // either way, and whole ROME edits on the 4 × 128 toy model (B of 128×512) measured 14.0–18.0 s of edit
    // time before this path took a few rows and 18.8–23.2 s after, in alternating runs.
    private const long MinStreamedB = 1L << 18;

    // Rows of A up to which this kernel beats the blocked GEMM (see Takes).
    private const int MaxRowsRowMajorB = 7;
    private const int MaxRowsTransposedB = 12;

    // Rows of B a chunk widens and consumes at once. Row-major B: 8, which with AVX-512 stay in registers
    // while every row of A passes over them. Transposed B: 4 rows of dot products.
    private const int RowBlock = 8;
    private const int TransposedRowBlock = 4;

    // Columns of those rows taken at once: 8 widened rows of 512 floats (or 4 of 1024) are 16 KiB, inside
    // L1. (Measured on decode: 8 × 512 ahead of 4 × 1024 for row-major B, behind it for transposed B.)
    private const int BlockFloats = 4096;

    // Below this many multiply-adds the product runs on the calling thread.
    private const long ParallelThreshold = 1L << 16;

    // Bytes of row-major B that one group sums into its own partial row: half an L2 (see AxpyGroups).
    private const long GroupBytes = 1L << 20;

    // Parts of B at most (one bit each in claimedParts).
    private const int MaxParts = 64;

    // One row of A reads B as 8 runs of rows (AxpyEightRuns, DotEightRuns), widening half precision in registers.
    private static readonly bool EightRuns = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    // Calls so far: every other call walks the parts of B back to front.
    private static int callCount;

    // The part of B this thread read in its last call, which its L2 may still partly hold.
    [ThreadStatic]
    private static int lastPart;

    private readonly GemmProblem g;
    private readonly float* x;
    private readonly nint xStride;
    private readonly int chunks;
    private readonly bool backwards;
    private float* partials;
    private long claimedParts;

    private MatVecKernel(in GemmProblem problem, float* x, nint xStride, int threads)
    {
        g = problem;
        this.x = x;
        this.xStride = xStride;

        // One chunk per thread: each streams its own contiguous part of B and, call after call, the same part.
        bool parallel = threads > 1 && (long)g.N * g.K >= ParallelThreshold;
        int rowBlock = g.TransB ? TransposedRowBlock : RowBlock;
        chunks = Math.Max(1, parallel ? Math.Min(Math.Min(threads, MaxParts), (g.TransB ? g.N : g.K) / rowBlock) : 1);

        // Walking the parts the other way from last call reads first what the L2s may still hold (see remarks).
        backwards = (Interlocked.Increment(ref callCount) & 1) == 0;
    }

    /// <summary>
    /// Whether this kernel should run a product with <paramref name="rows"/> rows of A, B transposed or not
    /// and <paramref name="bFloats"/> elements: one row always; a few rows when B is large. For so few rows,
    /// the blocked GEMM's packing and 8-row panels cost more than streaming B. Measured on 2 threads, calls
    /// alternating, B of 768×768 to 3072×768 (docs/performance.md): with row-major B, 2 rows ran
    /// 2.2–3.4x and 7 rows 1.4–2x faster here, while 8 rows were slower on some shapes; with transposed B,
    /// 2 rows 1.8–2.4x, 4 rows 2.1–2.4x, 7–12 rows up to 1.4x faster (11 rows level), 16–32 rows slower.
    /// </summary>
    public static bool Takes(int rows, bool transposedB, long bFloats) =>
        rows == 1 || (bFloats >= MinStreamedB && rows <= (transposedB ? MaxRowsTransposedB : MaxRowsRowMajorB));

    /// <summary>Runs <paramref name="g"/> (which must have 1 ≤ M ≤ <see cref="MaxRows"/>) on the shared worker pool.</summary>
    public static void Multiply(in GemmProblem g)
    {
        Debug.Assert(g.M >= 1 && g.M <= MaxRows, "MatVecKernel handles 1 to MaxRows rows of A");
        if (g.TransA && !(g.M == 1 && g.Lda == 1))
        {
            // op(A) rows are columns of A: gather them once so every chunk reads them contiguously.
            float* rows = GemmScratch.ForThread.GatheredA(g.M * g.K);
            for (int i = 0; i < g.M; i++)
            {
                for (int p = 0; p < g.K; p++) rows[(i * g.K) + p] = g.A[(p * g.Lda) + i];
            }

            Run(g, rows, g.K);
        }
        else
        {
            Run(g, g.A, g.TransA ? 1 : g.Lda);
        }
    }

    private static void Run(in GemmProblem g, float* x, nint xStride)
    {
        var job = new MatVecKernel(g, x, xStride, WorkerPool.Shared.Threads);
        if (!g.TransB && job.chunks > 1) job.partials = GemmScratch.ForThread.SharedA((job.chunks - 1) * g.M * g.N);
        WorkerPool.Shared.Run(job, job.chunks);

        // Row-major B: chunk 0 summed into C itself, the others into partial rows added here.
        for (int chunk = 1; chunk < job.chunks && !g.TransB; chunk++)
        {
            for (int i = 0; i < g.M; i++)
            {
                var row = new Span<float>(g.C + (i * g.Ldc), g.N);
                TensorPrimitives.Add(row, new ReadOnlySpan<float>(job.partials + ((((chunk - 1) * g.M) + i) * g.N), g.N), row);
            }
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        int part = ClaimPart();
        var (start, end) = new RowPartition(g.TransB ? g.N : g.K, chunks).Range(part);
        float* widened = g.BType == DType.Float32 ? null : GemmScratch.ForThread.PackedB(BlockFloats);
        if (g.TransB) DotRange(start, end, widened);
        else AxpyGroups(part, start, end, widened);
    }

    // The part this thread read last call when it is still free, else the first free one: a worker that
    // keeps its part keeps reading from its own L2.
    private int ClaimPart()
    {
        int part = lastPart;
        if (part >= chunks || !TryClaim(part))
        {
            part = 0;
            while (!TryClaim(part)) part++;
        }

        lastPart = part;
        return part;
    }

    private bool TryClaim(int part) => (Interlocked.Or(ref claimedParts, 1L << part) & (1L << part)) == 0;

    // Row-major B, rows start..end: y_i += Σ_p op(A)[i,p]·B[p,:] into C (part 0) or the part's partial rows.
    // With one row of A, a large part is summed in groups of GroupBytes, each into its own partial row,
    // then the groups are added in order: the groups can then be walked in either direction with the same
    // result, bit for bit. With more rows the partial rows cost more than the L2 gives back (4×768×3072:
    // 10–20% slower in separate processes), so those rows run as one group, front to back.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AxpyGroups(int part, int start, int end, float* widened)
    {
        float* target = part == 0 ? g.C : partials + ((part - 1) * g.M * g.N);
        nint ldt = part == 0 ? g.Ldc : g.N;
        int blocks = (end - start + RowBlock - 1) / RowBlock;
        long bytes = (long)(end - start) * g.N * g.BType.ByteSize();
        int groups = g.M == 1 ? (int)Math.Clamp(bytes / GroupBytes, 1, blocks) : 1;
        float* sums = groups == 1 ? target : GemmScratch.ForThread.PartialSums(groups * g.M * g.N);
        nint ldy = groups == 1 ? ldt : g.N;
        for (int step = 0; step < groups; step++)
        {
            int group = backwards ? groups - 1 - step : step;
            int first = start + (int)((long)blocks * group / groups * RowBlock);
            int last = Math.Min(end, start + (int)((long)blocks * (group + 1) / groups * RowBlock));
            float* y = sums + (group * g.M * ldy);
            for (int i = 0; i < g.M && (groups > 1 || part > 0 || !g.Accumulate); i++) new Span<float>(y + (i * ldy), g.N).Clear();
            AxpyRange(first, last, widened, y, ldy);
        }

        for (int i = 0; i < g.M && groups > 1; i++)
        {
            AddGroups(sums + (i * g.N), g.M * g.N, groups, g.N, target + (i * ldt), part == 0 && g.Accumulate);
        }
    }

    // target (+)= ((sums_0 + sums_1) + ...) + sums_{groups-1}, the groups stride floats apart, left to right
    // in one pass over target.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddGroups(float* sums, nint stride, int groups, int n, float* target, bool accumulate)
    {
        int w = Vector<float>.Count, j = 0;
        for (; j <= n - w; j += w)
        {
            var sum = accumulate ? Vector.Load(target + j) + Vector.Load(sums + j) : Vector.Load(sums + j);
            for (int group = 1; group < groups; group++) sum += Vector.Load(sums + (group * stride) + j);
            sum.Store(target + j);
        }

        for (; j < n; j++)
        {
            float sum = accumulate ? target[j] + sums[j] : sums[j];
            for (int group = 1; group < groups; group++) sum += sums[(group * stride) + j];
            target[j] = sum;
        }
    }

    // y_i += Σ_p op(A)[i,p]·B[p,:] over rows first..last of row-major B, in blocks of RowBlock rows, each in
    // segments whose widened rows, and every A row's use of them, stay in L1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AxpyRange(int first, int last, float* widened, float* y, nint ldy)
    {
        int segment = BlockFloats / RowBlock;
        if (g.M == 1 && EightRuns) first = AxpyEightRuns(first, last, y);
        for (int row = first; row < last; row += RowBlock)
        {
            int rows = Math.Min(RowBlock, last - row);
            for (int s = 0; s < g.N; s += segment)
            {
                int length = Math.Min(segment, g.N - s);
                float* b = Rows(row, rows, s, length, widened, out nint ld);
                AxpyRows(b, ld, rows, length, x + row, xStride, g.M, y + s, ldy);
            }
        }
    }

    // Transposed B, rows start..end (columns of C): each block of rows is a set of whole dot products, so
    // the blocks may run in either order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DotRange(int start, int end, float* widened)
    {
        int segment = BlockFloats / TransposedRowBlock;
        Span<float> dots = stackalloc float[MaxRows * TransposedRowBlock];
        if (g.M == 1 && EightRuns) start = DotEightRuns(start, end);
        int blocks = (end - start + TransposedRowBlock - 1) / TransposedRowBlock;
        for (int step = 0; step < blocks; step++)
        {
            int row = start + ((backwards ? blocks - 1 - step : step) * TransposedRowBlock);
            int rows = Math.Min(TransposedRowBlock, end - row);
            dots.Clear();
            for (int s = 0; s < g.K; s += segment)
            {
                int length = Math.Min(segment, g.K - s);
                float* b = Rows(row, rows, s, length, widened, out nint ld);
                DotRows(b, ld, rows, length, x + s, xStride, g.M, dots);
            }

            for (int i = 0; i < g.M; i++)
            {
                float* c = g.C + (i * g.Ldc) + row;
                for (int r = 0; r < rows; r++) c[r] = g.Accumulate ? c[r] + dots[(i * TransposedRowBlock) + r] : dots[(i * TransposedRowBlock) + r];
            }
        }
    }

    // One row of A and transposed B, rows start..end (columns of C): the rows as 8 runs side by side,
    // each step a whole dot product with the next row of every run, so that 8 long streams are in flight
    // where the 4-row blocks read one (decode measured 35–65% faster, the most over 12 matrices in turn).
    // Returns the first row left (fewer than 8, for the caller).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DotEightRuns(int start, int end) => g.BType switch
    {
        DType.Float32 => DotEightRuns<Float32Elements>(start, end),
        DType.BFloat16 => DotEightRuns<BFloat16Elements>(start, end),
        _ => DotEightRuns<Float16Elements>(start, end),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DotEightRuns<TElements>(int start, int end)
        where TElements : struct, IRowElements
    {
        int run = (end - start) / RowBlock;
        nint ld = run * g.Ldb;
        float* sums = stackalloc float[RowBlock];
        for (int step = 0; step < run; step++)
        {
            int row = start + (backwards ? run - 1 - step : step);
            DotEightRows512<TElements>(g.B, row * g.Ldb, ld, g.K, x, sums);
            float* c = g.C + row;
            for (int q = 0; q < RowBlock; q++) c[q * run] = g.Accumulate ? c[q * run] + sums[q] : sums[q];
        }

        return start + (run * RowBlock);
    }

    // sums[q] = x · b_q over 8 rows of B (the first at element offset, ld elements apart), each row's own accumulator.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotEightRows512<TElements>(void* b, nint offset, nint ld, int length, float* x, float* sums)
        where TElements : struct, IRowElements
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        int p = 0;
        for (; p <= length - 16; p += 16)
        {
            var a = Vector512.Load(x + p);
            nint q = offset + p;
            s0 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q), s0);
            s1 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + ld), s1);
            s2 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (2 * ld)), s2);
            s3 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (3 * ld)), s3);
            s4 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (4 * ld)), s4);
            s5 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (5 * ld)), s5);
            s6 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (6 * ld)), s6);
            s7 = Vector512.FusedMultiplyAdd(a, TElements.Load16(b, q + (7 * ld)), s7);
        }

        (sums[0], sums[1], sums[2], sums[3]) = (Vector512.Sum(s0), Vector512.Sum(s1), Vector512.Sum(s2), Vector512.Sum(s3));
        (sums[4], sums[5], sums[6], sums[7]) = (Vector512.Sum(s4), Vector512.Sum(s5), Vector512.Sum(s6), Vector512.Sum(s7));
        for (; p < length; p++)
        {
            for (int r = 0; r < RowBlock; r++) sums[r] += x[p] * TElements.Load(b, offset + (r * ld) + p);
        }
    }

    // Columns s..s+length of stored B rows row.., as float32 rows ld apart (B itself when it is float32).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float* Rows(int row, int rows, int s, int length, float* widened, out nint ld)
    {
        if (widened is null)
        {
            ld = g.Ldb;
            return (float*)g.B + (row * g.Ldb) + s;
        }

        ld = length;
        for (int r = 0; r < rows; r++)
        {
            HalfWidening.Widen((ushort*)g.B + ((row + r) * g.Ldb) + s, g.BType, widened + (r * length), length);
        }

        return widened;
    }

    // y_i += Σ_r x_i[r] · b_r over the rows of b (ld apart), for the m rows of A (x_i = x + i·xStride) and of
    // C (y_i = y + i·ldy).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyRows(float* b, nint ld, int rows, int length, float* x, nint xStride, int m, float* y, nint ldy)
    {
        int j = rows == RowBlock && Vector512.IsHardwareAccelerated ? AxpyRows512(b, ld, length, x, xStride, m, y, ldy) : 0;
        for (int i = 0; i < m && j < length; i++) Axpys(b + j, ld, rows, length - j, x + (i * xStride), y + (i * ldy) + j);
    }

    // The 16-column steps of AxpyRows for a full row block: its 8 B vectors stay in registers while each
    // row of A adds 8 FMAs (A values as embedded broadcasts) to its C vector. Returns the columns done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AxpyRows512(float* b, nint ld, int length, float* x, nint xStride, int m, float* y, nint ldy)
    {
        int j = 0;
        for (; j <= length - 16; j += 16)
        {
            var (b0, b1, b2, b3) = (Vector512.Load(b + j), Vector512.Load(b + ld + j), Vector512.Load(b + (2 * ld) + j), Vector512.Load(b + (3 * ld) + j));
            var (b4, b5, b6, b7) = (Vector512.Load(b + (4 * ld) + j), Vector512.Load(b + (5 * ld) + j), Vector512.Load(b + (6 * ld) + j), Vector512.Load(b + (7 * ld) + j));
            float* xi = x, yi = y + j;
            for (int i = 0; i < m; i++, xi += xStride, yi += ldy)
            {
                var c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[0]), b0, Vector512.Load(yi));
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[1]), b1, c);
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[2]), b2, c);
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[3]), b3, c);
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[4]), b4, c);
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[5]), b5, c);
                c = Vector512.FusedMultiplyAdd(Vector512.Create(xi[6]), b6, c);
                Vector512.FusedMultiplyAdd(Vector512.Create(xi[7]), b7, c).Store(yi);
            }
        }

        return j;
    }

    // One row of A and row-major B, rows first..last: the rows as 8 runs side by side, each step taking the
    // next row of every run, so that each of the 8 rows it reads continues a long contiguous stream (more
    // reads in flight than 8 neighbouring rows, which restart every 8 rows: decode measured 5–10% faster
    // on one B, 10% over 12 matrices in turn). Returns the first row left (fewer than 8, for the caller).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AxpyEightRuns(int first, int last, float* y) => g.BType switch
    {
        DType.Float32 => AxpyEightRuns<Float32Elements>(first, last, y),
        DType.BFloat16 => AxpyEightRuns<BFloat16Elements>(first, last, y),
        _ => AxpyEightRuns<Float16Elements>(first, last, y),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AxpyEightRuns<TElements>(int first, int last, float* y)
        where TElements : struct, IRowElements
    {
        int run = (last - first) / RowBlock;
        nint ld = run * g.Ldb;
        for (int i = 0; i < run; i++) AxpyEightRows512<TElements>(g.B, (first + i) * g.Ldb, ld, g.N, x + first + i, run, y);
        return first + (run * RowBlock);
    }

    // y += Σ_q x[q·xStep] · b_q over 8 rows of B (the first at element offset, ld elements apart), 16 columns
    // at a time and then one.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyEightRows512<TElements>(void* b, nint offset, nint ld, int length, float* x, int xStep, float* y)
        where TElements : struct, IRowElements
    {
        var (x0, x1, x2, x3) = (Vector512.Create(x[0]), Vector512.Create(x[xStep]), Vector512.Create(x[2 * xStep]), Vector512.Create(x[3 * xStep]));
        var (x4, x5, x6, x7) = (Vector512.Create(x[4 * xStep]), Vector512.Create(x[5 * xStep]), Vector512.Create(x[6 * xStep]), Vector512.Create(x[7 * xStep]));
        int j = 0;
        for (; j <= length - 16; j += 16)
        {
            nint p = offset + j;
            var c = Vector512.FusedMultiplyAdd(x0, TElements.Load16(b, p), Vector512.Load(y + j));
            c = Vector512.FusedMultiplyAdd(x1, TElements.Load16(b, p + ld), c);
            c = Vector512.FusedMultiplyAdd(x2, TElements.Load16(b, p + (2 * ld)), c);
            c = Vector512.FusedMultiplyAdd(x3, TElements.Load16(b, p + (3 * ld)), c);
            c = Vector512.FusedMultiplyAdd(x4, TElements.Load16(b, p + (4 * ld)), c);
            c = Vector512.FusedMultiplyAdd(x5, TElements.Load16(b, p + (5 * ld)), c);
            c = Vector512.FusedMultiplyAdd(x6, TElements.Load16(b, p + (6 * ld)), c);
            Vector512.FusedMultiplyAdd(x7, TElements.Load16(b, p + (7 * ld)), c).Store(y + j);
        }

        for (; j < length; j++)
        {
            float sum = y[j];
            for (int q = 0; q < RowBlock; q++) sum += x[q * xStep] * TElements.Load(b, offset + (q * ld) + j);
            y[j] = sum;
        }
    }

    // y += Σ_r xs[r] · b_r over the rows of b (ld apart): four rows at a time, then one.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpys(float* b, nint ld, int rows, int length, float* xs, float* y)
    {
        int w = Vector<float>.Count, r = 0;
        for (; r <= rows - 4; r += 4)
        {
            var (x0, x1, x2, x3) = (new Vector<float>(xs[r]), new Vector<float>(xs[r + 1]), new Vector<float>(xs[r + 2]), new Vector<float>(xs[r + 3]));
            float* b0 = b + (r * ld), b1 = b0 + ld, b2 = b0 + (2 * ld), b3 = b0 + (3 * ld);
            int j = 0;
            for (; j <= length - w; j += w)
            {
                var sum = Vector.FusedMultiplyAdd(x0, Vector.Load(b0 + j), Vector.Load(y + j));
                sum = Vector.FusedMultiplyAdd(x1, Vector.Load(b1 + j), sum);
                sum = Vector.FusedMultiplyAdd(x2, Vector.Load(b2 + j), sum);
                Vector.FusedMultiplyAdd(x3, Vector.Load(b3 + j), sum).Store(y + j);
            }

            for (; j < length; j++) y[j] += (xs[r] * b0[j]) + (xs[r + 1] * b1[j]) + (xs[r + 2] * b2[j]) + (xs[r + 3] * b3[j]);
        }

        for (; r < rows; r++)
        {
            float* br = b + (r * ld);
            for (int j = 0; j < length; j++) y[j] += xs[r] * br[j];
        }
    }

    // dots[i·4 + r] += x_i · b_r over length floats, for the m rows of A (x_i = x + i·xStride) and the rows of
    // b (ld apart). With AVX-512: 4 A rows × 2 B rows at a time in 8 accumulators, each B vector loaded once
    // for 4 rows of A, then 2 × 2; a last odd row of A or of b by plain dot products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows(float* b, nint ld, int rows, int length, float* x, nint xStride, int m, Span<float> dots)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= m - 4; i += 4)
            {
                for (int r = 0; r <= rows - 2; r += 2) DotBlock512(b + (r * ld), ld, length, x + (i * xStride), xStride, dots[((i * TransposedRowBlock) + r)..]);
            }

            for (; i <= m - 2; i += 2)
            {
                for (int r = 0; r <= rows - 2; r += 2) DotPair512(b + (r * ld), ld, length, x + (i * xStride), xStride, dots[((i * TransposedRowBlock) + r)..]);
            }
        }

        // The last row of b when the pairs above left it (an odd count), for the rows of A done there.
        for (int a = 0; a < i && rows % 2 == 1; a++)
        {
            dots[(a * TransposedRowBlock) + rows - 1] += Dot(x + (a * xStride), b + ((rows - 1) * ld), length);
        }

        for (; i < m; i++)
        {
            for (int r = 0; r < rows; r++) dots[(i * TransposedRowBlock) + r] += Dot(x + (i * xStride), b + (r * ld), length);
        }
    }

    // dots[a·4 + q] += x_a · b_q for A rows a < 2 and B rows q < 2 (the rows left by DotBlock512).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotPair512(float* b, nint ld, int length, float* x, nint xStride, Span<float> dots)
    {
        float* b1 = b + ld, x1 = x + xStride;
        Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
        int p = 0;
        for (; p <= length - 16; p += 16)
        {
            var (v0, v1) = (Vector512.Load(b + p), Vector512.Load(b1 + p));
            var (a0, a1) = (Vector512.Load(x + p), Vector512.Load(x1 + p));
            (s00, s01) = (Vector512.FusedMultiplyAdd(a0, v0, s00), Vector512.FusedMultiplyAdd(a0, v1, s01));
            (s10, s11) = (Vector512.FusedMultiplyAdd(a1, v0, s10), Vector512.FusedMultiplyAdd(a1, v1, s11));
        }

        float t00 = Vector512.Sum(s00), t01 = Vector512.Sum(s01), t10 = Vector512.Sum(s10), t11 = Vector512.Sum(s11);
        for (; p < length; p++)
        {
            (t00, t01) = (t00 + (x[p] * b[p]), t01 + (x[p] * b1[p]));
            (t10, t11) = (t10 + (x1[p] * b[p]), t11 + (x1[p] * b1[p]));
        }

        (dots[0], dots[1]) = (dots[0] + t00, dots[1] + t01);
        (dots[TransposedRowBlock], dots[TransposedRowBlock + 1]) = (dots[TransposedRowBlock] + t10, dots[TransposedRowBlock + 1] + t11);
    }

    // dots[a·4 + q] += x_a · b_q for A rows a < 4 and B rows q < 2.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotBlock512(float* b, nint ld, int length, float* x, nint xStride, Span<float> dots)
    {
        float* b1 = b + ld, x1 = x + xStride, x2 = x + (2 * xStride), x3 = x + (3 * xStride);
        Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
        Vector512<float> s20 = default, s21 = default, s30 = default, s31 = default;
        int p = 0;
        for (; p <= length - 16; p += 16)
        {
            var (v0, v1) = (Vector512.Load(b + p), Vector512.Load(b1 + p));
            var a = Vector512.Load(x + p);
            (s00, s01) = (Vector512.FusedMultiplyAdd(a, v0, s00), Vector512.FusedMultiplyAdd(a, v1, s01));
            a = Vector512.Load(x1 + p);
            (s10, s11) = (Vector512.FusedMultiplyAdd(a, v0, s10), Vector512.FusedMultiplyAdd(a, v1, s11));
            a = Vector512.Load(x2 + p);
            (s20, s21) = (Vector512.FusedMultiplyAdd(a, v0, s20), Vector512.FusedMultiplyAdd(a, v1, s21));
            a = Vector512.Load(x3 + p);
            (s30, s31) = (Vector512.FusedMultiplyAdd(a, v0, s30), Vector512.FusedMultiplyAdd(a, v1, s31));
        }

        float t00 = Vector512.Sum(s00), t01 = Vector512.Sum(s01), t10 = Vector512.Sum(s10), t11 = Vector512.Sum(s11);
        float t20 = Vector512.Sum(s20), t21 = Vector512.Sum(s21), t30 = Vector512.Sum(s30), t31 = Vector512.Sum(s31);
        for (; p < length; p++)
        {
            (t00, t01) = (t00 + (x[p] * b[p]), t01 + (x[p] * b1[p]));
            (t10, t11) = (t10 + (x1[p] * b[p]), t11 + (x1[p] * b1[p]));
            (t20, t21) = (t20 + (x2[p] * b[p]), t21 + (x2[p] * b1[p]));
            (t30, t31) = (t30 + (x3[p] * b[p]), t31 + (x3[p] * b1[p]));
        }

        (dots[0], dots[1]) = (dots[0] + t00, dots[1] + t01);
        (dots[TransposedRowBlock], dots[TransposedRowBlock + 1]) = (dots[TransposedRowBlock] + t10, dots[TransposedRowBlock + 1] + t11);
        (dots[2 * TransposedRowBlock], dots[(2 * TransposedRowBlock) + 1]) = (dots[2 * TransposedRowBlock] + t20, dots[(2 * TransposedRowBlock) + 1] + t21);
        (dots[3 * TransposedRowBlock], dots[(3 * TransposedRowBlock) + 1]) = (dots[3 * TransposedRowBlock] + t30, dots[(3 * TransposedRowBlock) + 1] + t31);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(float* a, float* b, int length)
    {
        int w = Vector<float>.Count, p = 0;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; p <= length - (4 * w); p += 4 * w)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.Load(a + p), Vector.Load(b + p), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.Load(a + p + w), Vector.Load(b + p + w), s1);
            s2 = Vector.FusedMultiplyAdd(Vector.Load(a + p + (2 * w)), Vector.Load(b + p + (2 * w)), s2);
            s3 = Vector.FusedMultiplyAdd(Vector.Load(a + p + (3 * w)), Vector.Load(b + p + (3 * w)), s3);
        }

        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; p < length; p++) sum += a[p] * b[p];
        return sum;
    }
}
