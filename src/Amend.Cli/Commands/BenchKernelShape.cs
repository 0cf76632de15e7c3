namespace Amend.Cli.Commands;

/// <summary>One GEMM shape of <c>amend bench kernels</c>: C[m×n] = op(A)[m×k]·B[k×n], where op(A) = Aᵀ when <paramref name="TransA"/>.</summary>
/// <param name="M">Rows of C (tokens in a batch).</param>
/// <param name="K">Depth of the product.</param>
/// <param name="N">Columns of C.</param>
/// <param name="TransA">A is stored k×m (as in a weight gradient Xᵀ·dY).</param>
/// <param name="Role">Where the shape occurs in a transformer.</param>
/// <param name="Matrices">Distinct B matrices the products take in turn: 1 repeats one product (its B stays in
/// cache as far as it fits); 12 of the decode shape (113 MB) pass through the caches as a model's layers do.</param>
internal sealed record BenchKernelShape(int M, int K, int N, bool TransA, string Role, int Matrices = 1)
{
    /// <summary>The shapes the command measures: GPT-2-small layers at 16, 128 tokens, big square products, a weight gradient and decoding.</summary>
    public static IReadOnlyList<BenchKernelShape> Defaults { get; } =
    [
        new(16, 768, 768, false, "attention projection, 16 tokens"),
        new(16, 768, 3072, false, "MLP up, 16 tokens"),
        new(16, 3072, 768, false, "MLP down, 16 tokens"),
        new(128, 768, 768, false, "attention projection, 128 tokens"),
        new(128, 768, 3072, false, "MLP up, 128 tokens"),
        new(512, 1024, 4096, false, "MLP up, 512 tokens (d=1024)"),
        new(1024, 1024, 1024, false, "square 1024"),
        new(2048, 2048, 2048, false, "square 2048"),
        new(768, 128, 3072, true, "weight gradient Xᵀ·dY, 128 tokens"),
        new(1, 768, 3072, false, "decode, 1 token"),
        new(1, 768, 3072, false, "decode, 12 matrices in turn", 12),
    ];

    /// <summary>Floating-point operations of one product: 2·m·k·n.</summary>
    public double Flops => 2.0 * M * K * N;

    /// <summary>Bytes of float32 B that a round of products reads: all the matrices.</summary>
    public long BBytes => 4L * K * N * Matrices;
}
