namespace Amend.Tensors.Kernels;

/// <summary>
/// A batch of products C_i = op(A_i)·op(B_i) over matrices laid out by <see cref="MatrixLayout"/>
/// (B shared by every entry when it has one matrix). Small entries (attention scores per head) run one
/// per chunk on the worker pool; large ones run in turn, each GEMM using every thread itself.
/// </summary>
internal sealed class BatchedMatMul : IChunkedWork
{
    // Entries with fewer multiply-adds than this run concurrently, one per thread.
    private const long SmallEntry = 1L << 20;

    private readonly MatrixLayout a, b;
    private readonly float[] c;
    private readonly int m, n, k;

    private BatchedMatMul(MatrixLayout a, MatrixLayout b, float[] c, int m, int n, int k) => (this.a, this.b, this.c, this.m, this.n, this.k) = (a, b, c, m, n, k);

    // a: (batch, m, k); b: (batch, k, n) or (k, n); c: (batch, m, n) contiguous
    public static void Multiply(MatrixLayout a, MatrixLayout b, float[] c, int m, int n, int k)
    {
        var job = new BatchedMatMul(a, b, c, m, n, k);
        if (a.Batch > 1 && (long)m * n * k < SmallEntry) WorkerPool.Shared.Run(job, a.Batch);
        else for (int i = 0; i < a.Batch; i++) job.Execute(i);
    }

    /// <summary>One product C_i = op(A_i)·op(B_i) (also the whole batch as one GEMM when A's rows are contiguous and B is shared).</summary>
    public static void Product(MatrixLayout a, int aStart, MatrixLayout b, int bStart, Span<float> c, int rows, int n, int k)
    {
        var aData = a.Storage.Single.AsSpan(aStart);
        if (b.Storage.DType == DType.Float32) Gemm.Multiply(a.Transposed, b.Transposed, rows, n, k, aData, a.Ld, b.Storage.Single.AsSpan(bStart), b.Ld, c, n);
        else Gemm.Multiply(a.Transposed, b.Transposed, rows, n, k, aData, a.Ld, b.Storage.HalfBits.AsSpan(bStart), b.Storage.DType, b.Ld, c, n);
    }

    /// <inheritdoc/>
    public void Execute(int chunk)
    {
        int bStart = b.Batch == 1 ? b.Offset : b.Start(chunk);
        Product(a, a.Start(chunk), b, bStart, c.AsSpan(chunk * m * n, m * n), m, n, k);
    }
}
