namespace Amend.Tensors.Kernels;

/// <summary>
/// The managed GEMM: picks the path for a validated problem. One or a few rows of A go to the
/// matrix-vector kernel; otherwise the blocked driver runs the widest micro-kernel this CPU accelerates (AVX-512
/// 8×48, else AVX2 6×16, else 128-bit 8×12, e.g. Arm64 NEON), and a plain scalar loop remains for CPUs
/// with none of them.
/// </summary>
internal static unsafe class MatMulKernel
{
    // The blocked GEMM's small-M path: up to 32 rows, in panels of 8 (AVX-512). With row-major B, a tail of up to 4
    // rows past whole panels goes to the matrix-vector kernel. Measured on 2 threads, calls alternating:
    // 9, 12, 20 and 28 rows of 768×3072, 768×768 and 3072×768 ran 4% slower to 37% faster split, 11% in
    // the median (12 rows of 768×3072: 51–52 against 38–43 GFLOP/s); a tail of 7 (15 rows) and transposed
    // B (12 and 20 rows: 6–20% slower) gained nothing.
    // The AVX2 kernel's panels are 6 rows, and there no tail is streamed: on a Zen 3 (2 threads, 20 rounds in
    // one process) that ran 8, 10, 12, 14, 20 and 28 rows of 768×3072 at 1.03, 1.35, 1.81, 0.99, 1.35 and
    // 1.14 times the speed of splitting at 8-row panels, and 12×768×768 at 1.52; streaming tails of up to 2
    // rows past 6-row panels measured 0.91 (8 rows) and 0.93 (14 rows) against this.
    private const int SmallRows = 32;
    private const int SmallPanel = 8;
    private const int MaxStreamedTail = 4;
    private static readonly bool StreamsTails = MicroKernel512.IsSupported || !MicroKernel256.IsSupported;

    // op(A): (m, k); op(B): (k, n); C: (m, n)
    public static void Multiply(in GemmProblem g)
    {
        int tail = g.M % SmallPanel;
        long bFloats = (long)g.K * g.N;
        if (MatVecKernel.Takes(g.M, g.TransB, bFloats)) MatVecKernel.Multiply(g);
        else if (StreamsTails && g.M <= SmallRows && !g.TransB && tail <= MaxStreamedTail && tail > 0 && MatVecKernel.Takes(tail, false, bFloats))
        {
            // A few rows past whole panels are streamed instead of filling a mostly empty panel.
            Multiply(Rows(g, 0, g.M - tail));
            MatVecKernel.Multiply(Rows(g, g.M - tail, tail));
        }
        else if (MicroKernel512.IsSupported) BlockedGemm<MicroKernel512>.Multiply(g);
        else if (MicroKernel256.IsSupported) BlockedGemm<MicroKernel256>.Multiply(g);
        else if (MicroKernel128.IsSupported) BlockedGemm<MicroKernel128>.Multiply(g);
        else Scalar(g);
    }

    // Rows first..first+count of C = op(A) rows first.. · op(B).
    private static GemmProblem Rows(in GemmProblem g, int first, int count) => g with
    {
        M = count,
        A = g.TransA ? g.A + first : g.A + (first * g.Lda),
        C = g.C + (first * g.Ldc),
    };

    private static void Scalar(in GemmProblem g)
    {
        for (int i = 0; i < g.M; i++)
        {
            for (int j = 0; j < g.N; j++)
            {
                float sum = 0f;
                for (int p = 0; p < g.K; p++) sum += g.AAt(i, p) * g.BAt(p, j);
                float* c = g.C + (i * g.Ldc) + j;
                *c = g.Accumulate ? *c + sum : sum;
            }
        }
    }
}
