using System.Numerics;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The blocked, packed GEMM driver around a register-tiled micro-kernel (Goto/BLIS loop order).
/// Large M: for each depth block p0 (kc) and row block i0 (mc), each thread takes one contiguous range of
/// NR-wide B strips: it packs them (kc×NR each, reading B rows front to back, a quarter of an L2 at a time),
/// then runs each MR-row panel of A over all of them (streamed from L2). A row-major A is read in place; a
/// transposed one is first packed by all threads together (mc×kc in MR-row panels, shared). When B has too
/// few strips for the threads, the rows are split too.
/// </summary>
/// <remarks>
/// Small M (≤ 4·MR rows, e.g. 16 tokens) needs no barriers: each thread packs all of A (a few rows)
/// once, then walks the depth in blocks over its own strips; float32 row-major B is read in place,
/// since packing it would cost as much as the multiply, with software prefetch of the rows the next
/// kernel call reads. Threads split B's columns evenly in whole vectors, so a thread's last strip may be
/// narrower than NR: it runs in a narrower kernel (RunColumns), at the cost of its own width. Tiles
/// short of MR rows, or of a whole vector at B's right edge, are computed into a stack tile and copied,
/// so the micro-kernels never branch on edges.
/// </remarks>
internal sealed unsafe class BlockedGemm<TKernel> : IChunkedWork
    where TKernel : struct, IMicroKernel
{
    // Depth of a block: an A panel of 8×512 is 16 KiB and stays in L1 while the packed strips stream
    // from L2 under it; deeper blocks mean fewer passes over C (measured with panel-outer order: 512
    // ahead of 384 and 768 here).
    private const int LargeDepth = 512;

    // Floats of B that one depth block of in-place strips spans (1 MiB): the rows it touches stay in half
    // a 2 MiB L2 and within the TLB's reach while every strip of the chunk walks them (256 rows of a
    // 768-wide B, 64 of a 3072-wide one). Not scaled to smaller L2s: on a Zen 3 (512 KiB) half its L2 ran
    // the 16-row shapes 13–22% slower, the shallower blocks costing more than the L2 misses they save.
    private const int InPlaceSpan = 256 * 1024;

    // Rows of an A block for large M, in panels (2048 rows): only one panel at a time needs to sit in
    // L1, so a tall block costs nothing in cache and lets B be packed once per depth block for most M.
    private const int BlockPanels = 256;

    // Floats of packed B strips a thread keeps at once, a quarter of an L2: every A panel streams them, and the
    // A panels, C's tiles and the next packing share the rest. On a Zen 3 (512 KiB L2, two threads, 40 rounds)
    // a quarter ran the M ≥ 128 shapes 1.02–1.20 times as fast as half, a third the same as a quarter, an eighth
    // 0.96–1.15; on a Sapphire Rapids (2 MiB) groups of 0.5, 1 and 1.5 MiB measured alike.
    private static readonly int PackedBLimit = CacheSizes.Current.L2Bytes / 4 / sizeof(float);

    // Below this many multiply-adds a GEMM runs on the calling thread: waking workers costs more.
    private const long ParallelThreshold = 1L << 18;

    // Small M packs all of A at full depth into one buffer per thread; beyond this many floats (256 MiB, a depth
    // of millions) the depth-blocked large-M path runs instead, and the buffer's size never nears int's range.
    private const long SmallPackedALimit = 1L << 26;

    private readonly GemmProblem g;
    private readonly bool smallM, inPlaceA, inPlaceB, copiesStrips;
    private readonly int depthStep, rowStep, stripCount, stripChunks, stripsInL2, rowGroups, packChunks;
    private float* sharedA;
    private bool packingA;
    private int p0, kc, i0, mc;

    private BlockedGemm(in GemmProblem problem, int threads)
    {
        g = problem;
        int mr = TKernel.Rows, nr = TKernel.Columns;
        smallM = g.M <= 4 * mr && (long)((g.M + mr - 1) / mr) * mr * g.K <= SmallPackedALimit;
        inPlaceB = smallM && g.BType == DType.Float32 && !g.TransB;

        // Packing a row-major A cost 2–3% of a 1024³ product (a pass over A and a barrier per block); its
        // panels read in place ran 1.01–1.02x as fast on every large-M shape measured (Zen 5).
        inPlaceA = !smallM && !g.TransA;

        // Rows of B a multiple of 4 KiB apart share one L1 set, so an in-place strip is gone from L1 before
        // the next panel reads it again: where three or more panels read it, the first copies it. Measured on
        // two cores, 768×3072 B: 16 rows (3 panels of 6) 1.14x on a Zen 3; 24 rows 1.40x there, 1.04x (8×48
        // kernel) and 1.12x (6×16) on a Sapphire Rapids. With 2 panels (16 rows of 8) it cost 4% there, and
        // with other strides (3 KiB for a 768-wide B) 4–10% on the Zen 3, so those read B in place.
        copiesStrips = inPlaceB && g.Ldb * sizeof(float) % 4096 == 0;
        int depthLimit = inPlaceB ? Math.Clamp(InPlaceSpan / (int)Math.Max(1, g.Ldb), 32, LargeDepth) : LargeDepth;
        depthStep = EvenStep(g.K, depthLimit, 1);
        rowStep = EvenStep(g.M, BlockPanels * mr, mr);
        stripCount = (g.N + nr - 1) / nr;
        bool parallel = threads > 1 && (long)g.M * g.N * g.K >= ParallelThreshold;

        // One chunk of columns per thread: an even split keeps each thread on the same columns of B call
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
        if (job.smallM || job.inPlaceA)
        {
            pool.Run(job, job.smallM ? job.stripChunks : job.rowGroups * job.stripChunks);
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
        else if (inPlaceA) MultiplyEveryBlock(chunk);
        else if (packingA) PackBlockOfA(chunk);
        else MultiplyBlock(chunk, p0, kc, i0, mc);
    }

    // With A read in place, a chunk's tiles of C depend on no other chunk's work: it runs every block in turn,
    // and the threads meet once per product rather than once per block.
    private void MultiplyEveryBlock(int chunk)
    {
        for (int p = 0; p < g.K; p += depthStep)
        {
            for (int i = 0; i < g.M; i += rowStep) MultiplyBlock(chunk, p, Math.Min(depthStep, g.K - p), i, Math.Min(rowStep, g.M - i));
        }
    }

    private void PackBlockOfA(int chunk)
    {
        int mr = TKernel.Rows;
        var (panel0, panel1) = new RowPartition((mc + mr - 1) / mr, packChunks).Range(chunk);
        int row = i0 + (panel0 * mr), rows = Math.Min(panel1 * mr, mc) - (panel0 * mr);
        if (rows > 0) GemmPacking.PackTransposedAPanels(g, row, rows, mr, p0, kc, sharedA + (panel0 * mr * kc));
    }

    // One chunk's panels and columns of the block of rows rowBase..rowBase+rows at depths p..p+depth.
    private void MultiplyBlock(int chunk, int p, int depth, int rowBase, int rows)
    {
        int mr = TKernel.Rows;
        var (panel0, panel1) = new RowPartition((rows + mr - 1) / mr, rowGroups).Range(chunk / stripChunks);
        var (col0, col1) = Columns(chunk % stripChunks);
        if (panel0 == panel1 || col0 == col1) return;
        MultiplyStrips(sharedA, mr * depth, rowBase, panel0, panel1, p, depth, col0, col1);
    }

    // The columns of B (and C) that a chunk takes: an even split in whole vectors, so that two threads get
    // the same work when the strips do not divide evenly (2048 columns: 21⅓ strips each).
    private (int Begin, int End) Columns(int chunk)
    {
        int lanes = TKernel.Lanes;
        var (unit0, unit1) = new RowPartition((g.N + lanes - 1) / lanes, stripChunks).Range(chunk);
        return (unit0 * lanes, Math.Min(g.N, unit1 * lanes));
    }

    private void MultiplySmall(int chunk)
    {
        int mr = TKernel.Rows, panels = (g.M + mr - 1) / mr;
        var (col0, col1) = Columns(chunk);
        if (col0 == col1) return;

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
            MultiplyStrips(a + (p * mr), mr * g.K, 0, 0, panels, p, Math.Min(depthStep, g.K - p), col0, col1);
        }
    }

    // C[rows of panels, columns col0..col1] (+)= A panels (panelStride apart) · B rows p..p+depth of those
    // columns, packing at most a quarter of an L2 of strips at a time, in groups of even size: a short last
    // group would stream every A panel again for a sliver of work.
    private void MultiplyStrips(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int col0, int col1)
    {
        int nr = TKernel.Columns, strips = (col1 - col0 + nr - 1) / nr, groups = (strips + stripsInL2 - 1) / stripsInL2;
        int group = inPlaceB ? col1 - col0 : (strips + groups - 1) / groups * nr;
        for (int first = col0; first < col1;)
        {
            int last = Math.Min(col1, first + group);
            if (inPlaceB) MultiplyInPlace(a, panelStride, rowBase, panel0, panel1, p, depth, first, last);
            else MultiplyPacked(a, panelStride, rowBase, panel0, panel1, p, depth, first, last);
            first = last;
        }
    }

    // Packed B: the group's strips are packed together (each B row segment read once, front to back),
    // then each A panel (kc×MR, in L1) runs over every strip, which streams from L2.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyPacked(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int col0, int col1)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, stride = GemmPacking.StripStride(depth, nr);
        int strips = (col1 - col0 + nr - 1) / nr;
        float* packedB = GemmScratch.ForThread.PackedB(strips * stride);
        GemmPacking.PackB(g, col0, col1 - col0, nr, p, depth, packedB);
        for (int panel = panel0; panel < panel1; panel++)
        {
            int row = rowBase + (panel * mr), rows = Math.Min(mr, g.M - row);
            bool whole = inPlaceA && rows == mr;
            float* panelA = whole ? g.A + (row * g.Lda) + p : inPlaceA ? PackRaggedPanel(row, rows, p, depth) : a + (panel * panelStride);
            for (int strip = 0; strip < strips; strip++)
            {
                int j = col0 + (strip * nr);
                var tile = new Tile(row, j, rows, Math.Min(nr, col1 - j), g.Accumulate || p > 0);
                if (whole) RunTile<InPlacePanel>(depth, panelA, g.Lda, packedB + (strip * stride), nr, tile, false, 0, null);
                else RunTile<PackedPanel>(depth, panelA, 0, packedB + (strip * stride), nr, tile, false, 0, null);
            }
        }
    }

    // A last panel of fewer than MR rows, packed (and zero-filled) so the kernels read whole panels; the small-M
    // path's buffer is free here, and forgets its owner so no small-M job takes it for its own panels.
    private float* PackRaggedPanel(int row, int rows, int p, int depth)
    {
        var scratch = GemmScratch.ForThread;
        float* panel = scratch.PackedA(TKernel.Rows * depth);
        scratch.PackedAOwner = null;
        GemmPacking.PackA(g, row, rows, TKernel.Rows, p, depth, panel);
        return panel;
    }

    // B in place: each strip runs down every A panel; where the strips are copied, the first panel copies a
    // whole strip as it reads it and the others read the copy. A last strip that ends inside a vector is
    // packed on its own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyInPlace(float* a, int panelStride, int rowBase, int panel0, int panel1, int p, int depth, int col0, int col1)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        float* packed = null;
        for (int j = col0; j < col1; j += nr)
        {
            int cols = Math.Min(nr, col1 - j);
            bool inPlace = cols % TKernel.Lanes == 0, copied = copiesStrips && cols == nr && panel1 - panel0 >= 3;

            // In place, each step prefetches a row of a strip to come: after the last strip come the first ones,
            // a block deeper. Copied strips look two strips ahead (Zen 3: 16 and 24 rows of 768×3072 1.01–1.27
            // over three runs, Sapphire Rapids 1.006–1.015); the others one (two ahead: 0.90–1.02 on the Zen 3).
            int target = j + ((copied ? 2 : 1) * nr);
            nint prefetchOffset = target < col1 ? target - j : col0 + (target - col1) - j + (depth * g.Ldb);
            float* b = (float*)g.B + (p * g.Ldb) + j;
            if ((!inPlace || copied) && packed == null) packed = GemmScratch.ForThread.PackedB(GemmPacking.StripStride(depth, nr));
            if (!inPlace) GemmPacking.PackB(g, j, cols, nr, p, depth, b = packed);
            for (int panel = panel0; panel < panel1; panel++)
            {
                int row = rowBase + (panel * mr);
                var tile = new Tile(row, j, Math.Min(mr, g.M - row), cols, g.Accumulate || p > 0);
                if (copied && panel > panel0) RunTile<PackedPanel>(depth, a + (panel * panelStride), 0, packed, nr, tile, false, 0, null);
                else RunTile<PackedPanel>(depth, a + (panel * panelStride), 0, b, inPlace ? g.Ldb : nr, tile, inPlace, prefetchOffset, copied ? packed : null);
            }
        }
    }

    // One tile of C, from a packed A panel or (TPanel in place) whole rows of A: a whole one in the micro-kernel,
    // a narrower one in the narrow kernels, straight into C when its rows are whole and its width is whole vectors
    // (or it is four rows of a whole strip), else into a stack tile that is then copied; up to four rows of a whole
    // strip cost four rows. With a copy, B (read in place, a whole strip wide) is also stored there as a packed strip.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTile<TPanel>(int depth, float* a, nint lda, float* b, nint ldb, Tile tile, bool inPlace, nint prefetchOffset, float* copy)
        where TPanel : struct, IPanelAccess
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, lanes = TKernel.Lanes;
        float* c = g.C + (tile.Row * g.Ldc) + tile.Col;
        bool direct = tile.Rows == mr && tile.Cols % lanes == 0;
        if (direct && tile.Cols == nr)
        {
            if (copy != null) TKernel.Run<InPlaceCopiedStrip, WholePanel, TPanel>(depth, a, lda, b, ldb, c, g.Ldc, tile.Add, prefetchOffset, copy);
            else if (inPlace) TKernel.Run<InPlaceStrip, WholePanel, TPanel>(depth, a, lda, b, ldb, c, g.Ldc, tile.Add, prefetchOffset, null);
            else TKernel.Run<PackedStrip, WholePanel, TPanel>(depth, a, lda, b, ldb, c, g.Ldc, tile.Add, 0, null);
            return;
        }

        if (direct)
        {
            TKernel.RunColumns<TPanel>(depth, a, lda, b, ldb, c, g.Ldc, tile.Add, tile.Cols / lanes);
            return;
        }

        bool fourRows = tile.Rows <= 4 && tile.Cols == nr;
        if (fourRows && tile.Rows == 4)
        {
            TKernel.Run<PackedStrip, FirstFourRows, TPanel>(depth, a, lda, b, ldb, c, g.Ldc, tile.Add, 0, null);
            return;
        }

        // Past the last whole vector, b is a packed strip (zero-filled to nr), so whole vectors may be read.
        float* scratch = stackalloc float[mr * nr];
        if (fourRows) TKernel.Run<PackedStrip, FirstFourRows, TPanel>(depth, a, lda, b, ldb, scratch, nr, false, 0, null);
        else if (tile.Cols > nr - lanes) TKernel.Run<PackedStrip, WholePanel, TPanel>(depth, a, lda, b, ldb, scratch, nr, false, 0, null);
        else TKernel.RunColumns<TPanel>(depth, a, lda, b, ldb, scratch, nr, false, (tile.Cols + lanes - 1) / lanes);

        for (int r = 0; r < tile.Rows; r++) AddOrCopyRow(scratch + (r * nr), c + (r * g.Ldc), tile.Cols, tile.Add);
    }

    // row[0..cols) (+)= tile[0..cols), whole vectors first: a short panel (16 rows in panels of 6) goes
    // through here on every kernel call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddOrCopyRow(float* tile, float* row, int cols, bool add)
    {
        int j = 0, lanes = Vector<float>.Count;
        for (; j <= cols - lanes; j += lanes)
        {
            var x = Vector.Load(tile + j);
            (add ? x + Vector.Load(row + j) : x).Store(row + j);
        }

        for (; j < cols; j++) row[j] = add ? row[j] + tile[j] : tile[j];
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
