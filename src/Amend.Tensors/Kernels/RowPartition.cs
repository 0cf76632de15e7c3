namespace Amend.Tensors.Kernels;

/// <summary>
/// Splits independent rows into contiguous chunks and runs them, in parallel when the work is large.
/// The chunk count depends only on the sizes (never on the machine), so per-chunk partial sums merged
/// in chunk order give bit-identical results everywhere.
/// </summary>
internal readonly record struct RowPartition(int Rows, int Chunks)
{
    // Below this much work (about one multiply-add per unit) per chunk, handing work to another
    // thread costs more than it saves.
    private const long MinWorkPerChunk = 1 << 16;

    // Enough chunks to keep any core count busy while per-chunk scratch stays small.
    private const int MaxChunks = 64;

    /// <summary>A partition of <paramref name="rows"/> rows that each cost about <paramref name="workPerRow"/>.</summary>
    public static RowPartition Of(int rows, long workPerRow)
    {
        long chunks = rows * Math.Max(workPerRow, 1) / MinWorkPerChunk;
        return new RowPartition(rows, (int)Math.Clamp(chunks, 1, Math.Min(Math.Max(rows, 1), MaxChunks)));
    }

    /// <summary>First row of chunk <paramref name="chunk"/>.</summary>
    public int Start(int chunk) => (int)((long)Rows * chunk / Chunks);

    /// <summary>One past the last row of chunk <paramref name="chunk"/>.</summary>
    public int End(int chunk) => Start(chunk + 1);

    /// <summary>The rows of chunk <paramref name="chunk"/>: <see cref="Start"/> to <see cref="End"/>.</summary>
    public (int Start, int End) Range(int chunk) => (Start(chunk), End(chunk));

    /// <summary>Runs <paramref name="body"/>(chunk) for every chunk; serially when there is one.</summary>
    public void Run(Action<int> body)
    {
        if (Chunks == 1) body(0);
        else Parallel.For(0, Chunks, body);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end, sums) over every chunk's row range, each chunk adding into
    /// its own zeroed <paramref name="count"/> buffers of <paramref name="length"/> floats; returns their
    /// totals, added in chunk order so the result does not depend on thread timing.
    /// </summary>
    public float[][] RunAccumulating(int count, int length, Action<int, int, float[][]> body)
    {
        var partials = new float[Chunks][][];
        var self = this;
        Run(chunk =>
        {
            var sums = new float[count][];
            for (int k = 0; k < count; k++) sums[k] = new float[length];
            body(self.Start(chunk), self.End(chunk), sums);
            partials[chunk] = sums;
        });
        for (int chunk = 1; chunk < Chunks; chunk++)
        {
            for (int k = 0; k < count; k++) System.Numerics.Tensors.TensorPrimitives.Add(partials[0][k], partials[chunk][k], partials[0][k]);
        }

        return partials[0];
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over every chunk's row range.</summary>
    public void RunRows(Action<int, int> body)
    {
        var self = this;
        Run(chunk => body(self.Start(chunk), self.End(chunk)));
    }
}
