namespace Amend.Tensors.Kernels;

/// <summary>
/// The blocked, packed GEMM driver around a register-tiled micro-kernel (Goto/BLIS loop order):
/// for each depth block p0 (kc) and row block i0 (mc) one round runs on the worker pool; in a round a
/// thread packs the A block (mc×kc, in MR-row panels, kept in L2), then for each NR-wide strip of B
/// packs the strip (kc×NR, in L1/L2) and runs the micro-kernel over every A panel. Rounds are chunked
/// by B strips, or also by row panels when B has too few strips to feed every thread.
/// </summary>
/// <remarks>
/// For a few rows (M ≤ 4·MR) packing B would cost as much as the multiply, so float32 row-major B is
/// read in place and the whole depth is one block. Partial tiles at the bottom and right edges are
/// computed into a stack tile and copied, so the micro-kernel never branches on edges.
/// </remarks>
internal sealed unsafe class BlockedGemm<TKernel> : IChunkedWork
    where TKernel : struct, IMicroKernel
{
    // Depth of a block for large M: a 256×NR strip is 48 KiB for NR=48, read from L1/L2 by each panel.
    private const int LargeDepth = 256;

    // Depth limit for small M, where the A block is only a few rows tall.
    private const int SmallDepth = 64;

    // Floats of packed B strips one chunk keeps (512 KiB: a quarter of a 2 MiB L2, beside the A block).
    private const int PackedBLimit = 256 * 1024;

    // Below this many multiply-adds a GEMM runs on the calling thread: waking workers costs more.
    private const long ParallelThreshold = 1L << 18;

    private readonly GemmProblem g;
    private readonly bool inPlaceB;
    private readonly int depthStep, rowStep, stripCount, stripChunks, rowGroups;
    private int p0, kc, i0, mc, round;

    private BlockedGemm(in GemmProblem problem, int threads)
    {
        g = problem;
        int mr = TKernel.Rows, nr = TKernel.Columns;
        bool smallM = g.M <= 4 * mr;
        inPlaceB = smallM && g.BType == DType.Float32 && !g.TransB;
        depthStep = EvenStep(g.K, smallM ? SmallDepth : LargeDepth, 1);
        rowStep = EvenStep(g.M, 64 * mr, mr);
        stripCount = (g.N + nr - 1) / nr;
        bool parallel = threads > 1 && (long)g.M * g.N * g.K >= ParallelThreshold;
        // Enough chunks to balance the threads, each narrow enough that its packed strips stay in L2.
        int stripsInL2 = Math.Max(1, PackedBLimit / (depthStep * nr));
        stripChunks = Math.Min(stripCount, Math.Max(parallel ? 4 * threads : 1, (stripCount + stripsInL2 - 1) / stripsInL2));
        int panels = (Math.Min(rowStep, g.M) + mr - 1) / mr;
        rowGroups = parallel && stripCount < 2 * threads ? Math.Min(panels, 2 * threads) : 1;
    }

    /// <summary>Runs <paramref name="g"/> on the shared worker pool.</summary>
    public static void Multiply(in GemmProblem g)
    {
        var pool = WorkerPool.Shared;
        var job = new BlockedGemm<TKernel>(g, pool.Threads);
        for (job.p0 = 0; job.p0 < g.K; job.p0 += job.kc)
        {
            job.kc = Math.Min(job.depthStep, g.K - job.p0);
            for (job.i0 = 0; job.i0 < g.M; job.i0 += job.mc)
            {
                job.mc = Math.Min(job.rowStep, g.M - job.i0);
                job.round++;
                pool.Run(job, job.rowGroups * job.stripChunks);
            }
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int rowGroup = chunk / stripChunks;
        var (panel0, panel1) = Share((mc + mr - 1) / mr, rowGroups, rowGroup);
        var (strip0, strip1) = Share(stripCount, stripChunks, chunk % stripChunks);
        if (panel0 == panel1) return;

        var scratch = GemmScratch.ForThread;
        float* a = scratch.PackedA((panel1 - panel0) * mr * kc);
        if (scratch.PackedATag != (this, round, rowGroup))
        {
            for (int panel = panel0; panel < panel1; panel++)
            {
                int row = i0 + (panel * mr);
                GemmPacking.PackA(g, row, Math.Min(mr, g.M - row), mr, p0, kc, a + ((panel - panel0) * mr * kc));
            }

            scratch.PackedATag = (this, round, rowGroup);
        }

        // The chunk's strips are packed together, reading each B row segment once, front to back.
        int j0 = strip0 * nr, width = Math.Min(strip1 * nr, g.N) - j0;
        float* packedB = inPlaceB ? null : scratch.PackedB((strip1 - strip0) * kc * nr);
        if (!inPlaceB) GemmPacking.PackB(g, j0, width, nr, p0, kc, packedB);
        for (int strip = strip0; strip < strip1; strip++)
        {
            int j = strip * nr, cols = Math.Min(nr, g.N - j);
            float* b = packedB + ((strip - strip0) * kc * nr);
            nint ldb = nr;
            if (inPlaceB)
            {
                b = (float*)g.B + (p0 * g.Ldb) + j;
                ldb = g.Ldb;
            }

            for (int panel = panel0; panel < panel1; panel++)
            {
                int row = i0 + (panel * mr);
                RunTile(a + ((panel - panel0) * mr * kc), b, ldb, row, j, Math.Min(mr, g.M - row), cols);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTile(float* a, float* b, nint ldb, int row, int col, int rows, int cols)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        bool add = g.Accumulate || p0 > 0;
        float* c = g.C + (row * g.Ldc) + col;
        if (rows == mr && cols == nr)
        {
            TKernel.Run(kc, a, b, ldb, c, g.Ldc, add, inPlaceB);
            return;
        }

        float* tile = stackalloc float[mr * nr];
        TKernel.Run(kc, a, b, ldb, tile, nr, false, false);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) c[(r * g.Ldc) + j] = add ? c[(r * g.Ldc) + j] + tile[(r * nr) + j] : tile[(r * nr) + j];
        }
    }

    // The largest step ≤ limit (a multiple of unit) that splits total into equal blocks.
    private static int EvenStep(int total, int limit, int unit)
    {
        int blocks = Math.Max(1, (total + limit - 1) / limit);
        int step = (total + blocks - 1) / blocks;
        return (step + unit - 1) / unit * unit;
    }

    // Part index of count items split into parts nearly equal ranges.
    private static (int Start, int End) Share(int count, int parts, int index) =>
        ((int)((long)count * index / parts), (int)((long)count * (index + 1) / parts));
}
