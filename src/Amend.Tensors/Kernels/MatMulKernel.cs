namespace Amend.Tensors.Kernels;

/// <summary>
/// The managed GEMM: picks the path for a validated problem. One or a few rows of A go to the
/// matrix-vector kernel; otherwise the blocked driver runs the widest micro-kernel this CPU accelerates (AVX-512
/// 8×48, else AVX2 6×16, else 128-bit 8×12, e.g. Arm64 NEON), and a plain scalar loop remains for CPUs
/// with none of them.
/// </summary>
internal static unsafe class MatMulKernel
{
    // op(A): (m, k); op(B): (k, n); C: (m, n)
    public static void Multiply(in GemmProblem g)
    {
        if (MatVecKernel.Takes(g.M, g.TransB)) MatVecKernel.Multiply(g);
        else if (MicroKernel512.IsSupported) BlockedGemm<MicroKernel512>.Multiply(g);
        else if (MicroKernel256.IsSupported) BlockedGemm<MicroKernel256>.Multiply(g);
        else if (MicroKernel128.IsSupported) BlockedGemm<MicroKernel128>.Multiply(g);
        else Scalar(g);
    }

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
