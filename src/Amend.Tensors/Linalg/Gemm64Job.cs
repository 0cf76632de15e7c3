using System.Buffers;
using System.Runtime.Intrinsics;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Linalg;

/// <summary>
/// One float64 product, cut into tasks that each own a block of C: a range of rows and a chunk of
/// columns. A task walks the depth in blocks of <see cref="Depth"/>: it packs its B chunk for the block
/// (at most 1 MiB: half a 2 MiB L2; a 512 KiB L2 leaves it to L3, docs/linear-algebra.md), and for each
/// sliver of A rows (packed, 16 KiB, in L1) runs the kernel over every sliver of the chunk. Tasks share
/// nothing, so they need no barriers; every element of C sums its depth blocks in order, so the result
/// does not depend on how the tasks are cut or run.
/// </summary>
internal sealed unsafe class Gemm64Job<TKernel> : IChunkedWork
    where TKernel : struct, IMicroKernel64
{
    // Depth of a block: an A sliver of 8×256 doubles is 16 KiB.
    private const int Depth = 256;

    // Bytes of packed B one task keeps for a depth block: half an L2.
    private const int ChunkBytes = 1 << 20;

    // Below ~2M multiply-adds waking the workers costs more than it saves.
    private const long ParallelWork = 1L << 21;

    // A slivers per row part at least, so that each packed B element serves 48 rows (AVX2 kernel) or 64.
    private const int MinSliversPerPart = 8;

    private readonly int m, n, k;
    private readonly double alpha;
    private readonly MatrixView a, b, c;
    private readonly int rowSlivers, rowParts, columnSlivers, columnChunks;

    private Gemm64Job(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c, int threads)
    {
        (this.m, this.n, this.k, this.alpha, this.a, this.b, this.c) = (m, n, k, alpha, a, b, c);
        rowSlivers = (m + TKernel.Rows - 1) / TKernel.Rows;
        columnSlivers = (n + TKernel.Columns - 1) / TKernel.Columns;
        int sliversPerChunk = Math.Max(1, ChunkBytes / (Depth * TKernel.Columns * sizeof(double)));
        columnChunks = (columnSlivers + sliversPerChunk - 1) / sliversPerChunk;

        // Four tasks per thread at least, so a thread slowed by other load hands work to the others, and a
        // multiple of the threads, so that equal threads finish together. But each row part packs its own copy
        // of the B chunks it covers, so a part keeps 8 slivers at least: split finer, a narrow product
        // (128×2048×128) spent as long packing B as multiplying.
        int maxRowParts = Math.Max(1, rowSlivers / MinSliversPerPart);
        rowParts = Math.Clamp(((4 * threads) + columnChunks - 1) / columnChunks, 1, maxRowParts);
        while (rowParts < maxRowParts && rowParts * columnChunks % threads != 0) rowParts++;
    }

    /// <summary>C += alpha·op(A)·op(B), on the shared worker pool when the product is large.</summary>
    public static void Run(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c)
    {
        bool parallel = (long)m * n * k >= ParallelWork && WorkerPool.Shared.Threads > 1;
        var job = new Gemm64Job<TKernel>(m, n, k, alpha, a, b, c, parallel ? WorkerPool.Shared.Threads : 1);
        int tasks = job.rowParts * job.columnChunks;
        if (parallel)
        {
            WorkerPool.Shared.Run(job, tasks);
            return;
        }

        for (int task = 0; task < tasks; task++) job.Execute(task);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        var (sliver0, sliver1) = new RowPartition(rowSlivers, rowParts).Range(chunk / columnChunks);
        var (strip0, strip1) = new RowPartition(columnSlivers, columnChunks).Range(chunk % columnChunks);
        int row0 = sliver0 * mr, row1 = Math.Min(m, sliver1 * mr);
        int col0 = strip0 * nr, cols = Math.Min(n, strip1 * nr) - col0, strips = strip1 - strip0;
        if (row0 >= row1 || cols <= 0) return;

        double[] aBuffer = ArrayPool<double>.Shared.Rent(mr * Depth);
        double[] bBuffer = ArrayPool<double>.Shared.Rent(strips * nr * Depth);
        try
        {
            fixed (double* packedA = aBuffer, packedB = bBuffer, pa = a.Data, pb = b.Data, pc = c.Data)
            {
                for (int p0 = 0; p0 < k; p0 += Depth)
                {
                    int kc = Math.Min(Depth, k - p0);
                    PackB(pb, p0, kc, col0, cols, packedB);
                    for (int row = row0; row < row1; row += mr)
                    {
                        int rows = Math.Min(mr, row1 - row);
                        PackA(pa, row, rows, p0, kc, packedA);
                        for (int s = 0; s < strips; s++)
                        {
                            int col = col0 + (s * nr);
                            Tile(kc, packedA, packedB + (s * kc * nr), pc + c.Offset + (row * c.Ld) + col, rows, Math.Min(nr, n - col));
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(aBuffer);
            ArrayPool<double>.Shared.Return(bBuffer);
        }
    }

    // One tile of C; edge tiles go through a zeroed scratch tile so the kernel never writes outside C.
    private void Tile(int kc, double* packedA, double* packedB, double* target, int rows, int cols)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        if (rows == mr && cols == nr)
        {
            TKernel.Run(kc, packedA, packedB, target, c.Ld, alpha);
            return;
        }

        double* scratch = stackalloc double[mr * nr];
        new Span<double>(scratch, mr * nr).Clear();
        TKernel.Run(kc, packedA, packedB, scratch, nr, alpha);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) target[(r * c.Ld) + j] += scratch[(r * nr) + j];
        }
    }

    // An A sliver: packed[p·mr + r] = op(A)(row + r, p0 + p), zero past the real rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackA(double* data, int row, int rows, int p0, int kc, double* packed)
    {
        int mr = TKernel.Rows;
        if (rows < mr) new Span<double>(packed, mr * kc).Clear();
        if (a.Transposed)
        {
            // Stored k×m: the sliver's rows at one depth are contiguous.
            for (int p = 0; p < kc; p++)
            {
                double* source = data + a.Offset + ((p0 + p) * a.Ld) + row;
                for (int r = 0; r < rows; r++) packed[(p * mr) + r] = source[r];
            }

            return;
        }

        double* first = data + a.Offset + (row * a.Ld) + p0;
        int q = 0;
        if (mr == 8 && rows == 8 && DoubleTranspose.IsSupported)
        {
            for (; q <= kc - 8; q += 8) DoubleTranspose.Transpose8x8(first + q, a.Ld, packed + (q * 8), 8);
        }
        else if (mr == 6 && rows == 6 && DoubleTranspose.HasFourWide)
        {
            q = DoubleTranspose.PackSixRows(first, a.Ld, kc, packed);
        }

        for (int r = 0; r < rows; r++)
        {
            double* source = first + (r * a.Ld);
            for (int p = q; p < kc; p++) packed[(p * mr) + r] = source[p];
        }
    }

    // The chunk's B slivers: packed[s·kc·nr + p·nr + j] = op(B)(p0 + p, col0 + s·nr + j), zero past the real columns.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackB(double* data, int p0, int kc, int col0, int cols, double* packed)
    {
        int nr = TKernel.Columns, strips = (cols + nr - 1) / nr;
        if (cols % nr != 0) new Span<double>(packed + ((strips - 1) * kc * nr), kc * nr).Clear();
        if (!b.Transposed)
        {
            PackRows(data + b.Offset + (p0 * b.Ld) + col0, kc, cols, packed);
            return;
        }

        for (int s = 0; s < strips; s++)
        {
            PackTransposedSliver(data + b.Offset + ((col0 + (s * nr)) * b.Ld) + p0, kc, Math.Min(nr, cols - (s * nr)), packed + (s * kc * nr));
        }
    }

    // B stored k×n: rows of B are contiguous across the slivers. 8 rows are read side by side (8 streams
    // in flight, as the float32 packing does), each cut into the slivers' rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRows(double* source, int kc, int cols, double* packed)
    {
        int nr = TKernel.Columns, strips = (cols + nr - 1) / nr;
        for (int p = 0; p < kc; p += 8)
        {
            int rows = Math.Min(8, kc - p);
            for (int s = 0; s < strips; s++)
            {
                int width = Math.Min(nr, cols - (s * nr));
                for (int r = 0; r < rows; r++)
                {
                    double* from = source + ((p + r) * b.Ld) + (s * nr), to = packed + (s * kc * nr) + ((p + r) * nr);
                    int j = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        for (; j <= width - 8; j += 8) Vector512.Load(from + j).Store(to + j);
                    }

                    if (Vector256.IsHardwareAccelerated)
                    {
                        for (; j <= width - 4; j += 4) Vector256.Load(from + j).Store(to + j);
                    }

                    for (; j < width; j++) to[j] = from[j];
                }
            }
        }
    }

    // B stored n×k: each column of the sliver is contiguous along the depth; 8 columns × 8 depths (AVX-512) or
    // 4 × 4 (AVX) at a time go through a register transpose.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackTransposedSliver(double* source, int kc, int width, double* sliver)
    {
        int nr = TKernel.Columns, j = 0;
        if (DoubleTranspose.IsSupported)
        {
            for (; j <= width - 8; j += 8)
            {
                double* from = source + (j * b.Ld);
                int p = 0;
                for (; p <= kc - 8; p += 8) DoubleTranspose.Transpose8x8(from + p, b.Ld, sliver + (p * nr) + j, nr);
                TransposeTail(from, p, kc, 8, sliver + j);
            }
        }
        else if (DoubleTranspose.HasFourWide)
        {
            for (; j <= width - 4; j += 4)
            {
                double* from = source + (j * b.Ld);
                int p = 0;
                for (; p <= kc - 4; p += 4) DoubleTranspose.Transpose4x4(from + p, b.Ld, sliver + (p * nr) + j, nr);
                TransposeTail(from, p, kc, 4, sliver + j);
            }
        }

        for (; j < width; j++)
        {
            double* from = source + (j * b.Ld);
            for (int p = 0; p < kc; p++) sliver[(p * nr) + j] = from[p];
        }
    }

    // Depths p0..kc−1 of the columns a register transpose took: sliver[p·nr + q] = from[q·ldb + p] for q < columns.
    private void TransposeTail(double* from, int p0, int kc, int columns, double* sliver)
    {
        for (int p = p0; p < kc; p++)
        {
            for (int q = 0; q < columns; q++) sliver[(p * TKernel.Columns) + q] = from[(q * b.Ld) + p];
        }
    }
}
