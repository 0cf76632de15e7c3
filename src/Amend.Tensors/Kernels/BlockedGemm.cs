namespace Amend.Tensors.Kernels;

/// <summary>
/// The blocked, packed GEMM driver around a register-tiled micro-kernel (Goto/BLIS loop order).
/// Large M: for each depth block p0 (kc) and row block i0 (mc), all threads first pack the A block
/// together (mc×kc in MR-row panels, shared, read from L2/L3), then each thread takes one contiguous
/// range of NR-wide B strips: it packs them (kc×NR each, reading B rows front to back, an L2's worth
/// at a time), then runs each A panel (kept in L1) over all of them (streamed from L2). When B has too
/// few strips for the threads,
/// the rows are split too.
/// </summary>
/// <remarks>
/// Small M (≤ 4·MR rows, e.g. 16 tokens) needs no barriers: each thread packs all of A (a few rows)
/// once, then walks the depth in blocks over its own strips; float32 row-major B is read in place,
/// since packing it would cost as much as the multiply, with software prefetch of the rows the next
/// kernel call reads. Partial tiles at the bottom and right
/// edges are computed into a stack tile and copied, so the micro-kernel never branches on edges.
/// </remarks>
internal sealed unsafe class BlockedGemm<TKernel> : IChunkedWork
    where TKernel : struct, IMicroKernel
{
    // Depth of a block: an A panel of 8×512 is 16 KiB and stays in L1 while the packed strips stream
    // from L2 under it; deeper blocks mean fewer passes over C (measured with panel-outer order: 512
    // ahead of 384 and 768 here).
    private const int LargeDepth = 512;

    // Floats of B that one depth block of in-place strips spans (1 MiB): the rows it touches stay in half
    // an L2 and within the TLB's reach while every strip of the chunk walks them (256 rows of a 768-wide B,
    // 64 of a 3072-wide one).
    private const int InPlaceSpan = 256 * 1024;

    // Rows of an A block for large M, in panels (2048 rows): only one panel at a time needs to sit in
    // L1, so a tall block costs nothing in cache and lets B be packed once per depth block for most M.
    private const int BlockPanels = 256;

    // Floats of packed B strips a thread keeps at once (1 MiB, half an L2): every A panel streams them.
    private const int PackedBLimit = 256 * 1024;

    // Below this many multiply-adds a GEMM runs on the calling thread: waking workers costs more.
    private const long ParallelThreshold = 1L << 18;

    private readonly GemmProblem g;
    private readonly bool smallM, inPlaceB;
    private readonly int depthStep, rowStep, stripCount, stripChunks, stripsInL2, rowGroups, packChunks;
    private float* sharedA;
    private bool packingA;
    private int p0, kc, i0, mc;

    private BlockedGemm(in GemmProblem problem, int threads)
    {
        g = problem;
        int mr = TKernel.Rows, nr = TKernel.Columns;
        smallM = g.M <= 4 * mr;
        inPlaceB = smallM && g.BType == DType.Float32 && !g.TransB;
        int depthLimit = inPlaceB ? Math.Clamp(InPlaceSpan / (int)Math.Max(1, g.Ldb), 32, LargeDepth) : LargeDepth;
        depthStep = EvenStep(g.K, depthLimit, 1);
        rowStep = EvenStep(g.M, BlockPanels * mr, mr);
        stripCount = (g.N + nr - 1) / nr;
        bool parallel = threads > 1 && (long)g.M * g.N * g.K >= ParallelThreshold;

        // One chunk of strips per thread: an even split keeps each thread on the same columns of B call
        // after call (its share stays in its own L2) and lets in-place prefetching run across the chunk.
        stripChunks = parallel ? Math.Min(stripCount, threads) : 1;
        stripsInL2 = Math.Max(1, PackedBLimit / GemmPacking.StripStride(depthStep, nr));
        int panels = (Math.Min(rowStep, g.M) + mr - 1) / mr;
        rowGroups = parallel && stripCount < 2 * threads ? Math.Min(panels, 2 * threads) : 1;
        packChunks = parallel ? Math.Min(panels, 2 * threads) : 1;
    }

    /// <summary>Runs <paramref name="g"/> on the shared worker pool.</summary>
    public static void Multiply(in GemmProblem g)
    {
        var pool = WorkerPool.Shared;
        var job = new BlockedGemm<TKernel>(g, pool.Threads);
        if (job.smallM)
        {
            pool.Run(job, job.stripChunks);
            return;
        }

        job.sharedA = GemmScratch.ForThread.SharedA(job.rowStep * job.depthStep);
        for (job.p0 = 0; job.p0 < g.K; job.p0 += job.kc)
        {
            job.kc = Math.Min(job.depthStep, g.K - job.p0);
            for (job.i0 = 0; job.i0 < g.M; job.i0 += job.mc)
            {
                job.mc = Math.Min(job.rowStep, g.M - job.i0);
                job.packingA = true;
                pool.Run(job, job.packChunks);
                job.packingA = false;
                pool.Run(job, job.rowGroups * job.stripChunks);
            }
        }
    }

    /// <inheritdoc/>
    public void Execute(int chunk)
    {
        if (smallM) MultiplySmall(chunk);
        else if (packingA) PackBlockOfA(chunk);
        else MultiplyBlock(chunk);
    }

    private void PackBlockOfA(int chunk)
    {
        int mr = TKernel.Rows;
        var (panel0, panel1) = new RowPartition((mc + mr - 1) / mr, packChunks).Range(chunk);
        for (int panel = panel0; panel < panel1; panel++)
        {
            int row = i0 + (panel * mr);
            GemmPacking.PackA(g, row, Math.Min(mr, g.M - row), mr, p0, kc, sharedA + (panel * mr * kc));
        }
    }

    private void MultiplyBlock(int chunk)
    {
        int mr = TKernel.Rows;
        var (panel0, panel1) = new RowPartition((mc + mr - 1) / mr, rowGroups).Range(chunk / stripChunks);
        var (strip0, strip1) = new RowPartition(stripCount, stripChunks).Range(chunk % stripChunks);
        if (panel0 == panel1 || strip0 == strip1) return;
        MultiplyStrips(sharedA, mr * kc, i0, panel0, panel1, p0, kc, strip0, strip1);
    }

    private void MultiplySmall(int chunk)
    {
        int mr = TKernel.Rows, panels = (g.M + mr - 1) / mr;
        var (strip0, strip1) = new RowPartition(stripCount, stripChunks).Range(chunk);
        if (strip0 == strip1) return;

        // All of A in panels of full depth, packed once per thread and job.
        var scratch = GemmScratch.ForThread;
        float* a = scratch.PackedA(panels * mr * g.K);
        if (scratch.PackedAOwner != this)
        {
            for (int panel = 0; panel < panels; panel++)
            {
                GemmPacking.PackA(g, panel * mr, Math.Min(mr, g.M - (panel * mr)), mr, 0, g.K, a + (panel * mr * g.K));
            }

            scratch.PackedAOwner = this;
        }

        for (int p = 0; p < g.K; p += depthStep)
        {
            MultiplyStrips(a + (p * mr), mr * g.K, 0, 0, panels, p, Math.Min(depthStep, g.K - p), strip0, strip1);
        }
    }

    // C[rows of panels, strips] (+)= A panels (panelStride apart) · B rows p..p+depth of the strips,
    // packing at most an L2's worth of strips at a time.
    private void MultiplyStrips(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int strip0, int strip1)
    {
        int group = inPlaceB ? strip1 - strip0 : stripsInL2;
        for (int first = strip0; first < strip1; first += group)
        {
            MultiplyStripGroup(a, panelStride, rowBase, panel0, panel1, p, depth, first, Math.Min(strip1, first + group));
        }
    }

    private void MultiplyStripGroup(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int strip0, int strip1)
    {
        if (inPlaceB) MultiplyInPlace(a, panelStride, rowBase, panel0, panel1, p, depth, strip0, strip1);
        else MultiplyPacked(a, panelStride, rowBase, panel0, panel1, p, depth, strip0, strip1);
    }

    // Packed B: the group's strips are packed together (each B row segment read once, front to back),
    // then each A panel (kc×MR, in L1) runs over every strip, which streams from L2.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyPacked(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int strip0, int strip1)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, stride = GemmPacking.StripStride(depth, nr);
        float* packedB = GemmScratch.ForThread.PackedB((strip1 - strip0) * stride);
        GemmPacking.PackB(g, strip0 * nr, Math.Min(strip1 * nr, g.N) - (strip0 * nr), nr, p, depth, packedB);
        for (int panel = panel0; panel < panel1; panel++)
        {
            int row = rowBase + (panel * mr);
            for (int strip = strip0; strip < strip1; strip++)
            {
                int j = strip * nr;
                var tile = new Tile(row, j, Math.Min(mr, g.M - row), Math.Min(nr, g.N - j), g.Accumulate || p > 0);
                RunTile(depth, a + (panel * panelStride), packedB + ((strip - strip0) * stride), nr, tile, false, 0);
            }
        }
    }

    // B in place: each strip runs down every A panel; a ragged last strip is packed on its own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyInPlace(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int strip0, int strip1)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        for (int strip = strip0; strip < strip1; strip++)
        {
            int j = strip * nr, cols = Math.Min(nr, g.N - j);
            bool inPlace = cols == nr;

            // In place, the next call reads the next strip, or after the last strip the first one, a block deeper.
            nint prefetchOffset = strip + 1 < strip1 ? nr : ((strip0 - strip) * nr) + (depth * g.Ldb);
            float* b = (float*)g.B + (p * g.Ldb) + j;
            if (!inPlace) GemmPacking.PackB(g, j, cols, nr, p, depth, b = GemmScratch.ForThread.PackedB(GemmPacking.StripStride(depth, nr)));
            for (int panel = panel0; panel < panel1; panel++)
            {
                int row = rowBase + (panel * mr);
                var tile = new Tile(row, j, Math.Min(mr, g.M - row), cols, g.Accumulate || p > 0);
                RunTile(depth, a + (panel * panelStride), b, inPlace ? g.Ldb : nr, tile, inPlace, prefetchOffset);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTile(int depth, float* a, float* b, nint ldb, Tile tile, bool inPlace, nint prefetchOffset)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        float* c = g.C + (tile.Row * g.Ldc) + tile.Col;
        if (tile.Rows == mr && tile.Cols == nr)
        {
            if (inPlace) TKernel.Run<InPlaceStrip>(depth, a, b, ldb, c, g.Ldc, tile.Add, prefetchOffset);
            else TKernel.Run<PackedStrip>(depth, a, b, ldb, c, g.Ldc, tile.Add, 0);
            return;
        }

        float* scratch = stackalloc float[mr * nr];
        TKernel.Run<PackedStrip>(depth, a, b, ldb, scratch, nr, false, 0);
        for (int r = 0; r < tile.Rows; r++)
        {
            float* row = c + (r * g.Ldc);
            for (int j = 0; j < tile.Cols; j++) row[j] = tile.Add ? row[j] + scratch[(r * nr) + j] : scratch[(r * nr) + j];
        }
    }

    // The largest step ≤ limit (a multiple of unit) that splits total into equal blocks.
    private static int EvenStep(int total, int limit, int unit)
    {
        int blocks = Math.Max(1, (total + limit - 1) / limit);
        int step = (total + blocks - 1) / blocks;
        return (step + unit - 1) / unit * unit;
    }

    // Where one C tile lies and how much of it is real; Add: C already holds a partial sum (or the caller's values).
    private readonly record struct Tile(int Row, int Col, int Rows, int Cols, bool Add);
}
