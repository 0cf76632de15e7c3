using System.Numerics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The GEMM for one row of A (decoding one token): y[1×n] (+)= x[1×k] · op(B). It is bound by reading
/// B once, so each thread streams one contiguous range of B rows front to back. Row-major B (k×n): a
/// thread sums x[p]·B[p,:] over its rows into y (the first thread) or into a partial row added to y at
/// the end. Transposed B (n×k, e.g. a Linear weight): a thread owns a range of outputs, each a dot
/// product of x with one contiguous B row. Half-precision rows are widened into a per-thread buffer first.
/// </summary>
internal sealed unsafe class MatVecKernel : IChunkedWork
{
    // Rows of B a chunk widens and consumes at once.
    private const int RowBlock = 4;

    // Columns of those rows taken at once: 4 widened rows of 1024 floats are 16 KiB, inside L1.
    private const int Segment = 1024;

    // Below this many multiply-adds the product runs on the calling thread.
    private const long ParallelThreshold = 1L << 16;

    private readonly GemmProblem g;
    private readonly float* x;
    private readonly int chunks;
    private float* partials;

    private MatVecKernel(in GemmProblem problem, float* x, int threads)
    {
        g = problem;
        this.x = x;

        // One chunk per thread: each streams its own contiguous part of B and, call after call, the same part.
        bool parallel = threads > 1 && (long)g.N * g.K >= ParallelThreshold;
        chunks = Math.Max(1, parallel ? Math.Min(threads, (g.TransB ? g.N : g.K) / RowBlock) : 1);
    }

    /// <summary>Runs <paramref name="g"/> (which must have M = 1) on the shared worker pool.</summary>
    public static void Multiply(in GemmProblem g)
    {
        Debug.Assert(g.M == 1, "MatVecKernel handles one row of A");
        if (g.TransA && g.Lda != 1)
        {
            // op(A) is a column of A: gather it once so every chunk reads x contiguously.
            var column = new float[g.K];
            for (int p = 0; p < g.K; p++) column[p] = g.A[p * g.Lda];
            fixed (float* x = column) Run(g, x);
        }
        else
        {
            Run(g, g.A);
        }
    }

    private static void Run(in GemmProblem g, float* x)
    {
        var job = new MatVecKernel(g, x, WorkerPool.Shared.Threads);
        if (!g.TransB && job.chunks > 1) job.partials = GemmScratch.ForThread.SharedA((job.chunks - 1) * g.N);
        WorkerPool.Shared.Run(job, job.chunks);

        // Row-major B: chunk 0 summed into y itself, the others into partial rows added here.
        var y = new Span<float>(g.C, g.N);
        for (int chunk = 1; chunk < job.chunks && !g.TransB; chunk++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(y, new ReadOnlySpan<float>(job.partials + ((chunk - 1) * g.N), g.N), y);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        int total = g.TransB ? g.N : g.K;
        int start = (int)((long)total * chunk / chunks), end = (int)((long)total * (chunk + 1) / chunks);
        int rowLength = g.TransB ? g.K : g.N;
        float* widened = g.BType == DType.Float32 ? null : GemmScratch.ForThread.PackedB(RowBlock * Segment);
        float* y = chunk == 0 ? g.C : partials + ((chunk - 1) * g.N);
        if (!g.TransB && (chunk > 0 || !g.Accumulate)) new Span<float>(y, g.N).Clear();
        Span<float> dots = stackalloc float[RowBlock];
        for (int row = start; row < end; row += RowBlock)
        {
            int rows = Math.Min(RowBlock, end - row);
            dots.Clear();

            // Rows in segments: widened half rows stay in L1 between widening and use.
            for (int s = 0; s < rowLength; s += Segment)
            {
                int length = Math.Min(Segment, rowLength - s);
                float* b = Rows(row, rows, s, length, widened, out nint ld);
                if (g.TransB)
                {
                    for (int r = 0; r < rows; r++) dots[r] += Dot(x + s, b + (r * ld), length);
                }
                else
                {
                    Axpys(b, ld, rows, length, x + row, y + s);
                }
            }

            for (int r = 0; r < rows && g.TransB; r++) g.C[row + r] = g.Accumulate ? g.C[row + r] + dots[r] : dots[r];
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

    // y += Σ_r xs[r] · b_r over the rows of b (ld apart).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpys(float* b, nint ld, int rows, int length, float* xs, float* y)
    {
        int w = Vector<float>.Count, j = 0;
        if (rows == RowBlock)
        {
            var (x0, x1, x2, x3) = (new Vector<float>(xs[0]), new Vector<float>(xs[1]), new Vector<float>(xs[2]), new Vector<float>(xs[3]));
            float* b1 = b + ld, b2 = b + (2 * ld), b3 = b + (3 * ld);
            for (; j <= length - w; j += w)
            {
                var sum = Vector.FusedMultiplyAdd(x0, Vector.Load(b + j), Vector.Load(y + j));
                sum = Vector.FusedMultiplyAdd(x1, Vector.Load(b1 + j), sum);
                sum = Vector.FusedMultiplyAdd(x2, Vector.Load(b2 + j), sum);
                Vector.FusedMultiplyAdd(x3, Vector.Load(b3 + j), sum).Store(y + j);
            }
        }

        for (; j < length; j++)
        {
            for (int r = 0; r < rows; r++) y[j] += xs[r] * b[(r * ld) + j];
        }
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
