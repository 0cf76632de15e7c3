namespace Amend.Tensors.Linalg;

/// <summary>
/// Float64 matrix multiply on views: C[m×n] = (accumulate ? C : 0) + alpha·op(A)·op(B), where op(A) is
/// m×k and op(B) is k×n (a transposed view supplies the transpose). C must not be transposed and must
/// not overlap A or B. Reference: <see cref="Gemm64Naive"/>; the tests compare the two.
/// </summary>
/// <remarks>
/// Blocked and packed as the float32 GEMM is (<see cref="Gemm64Job{TKernel}"/>): the AVX-512 kernel
/// (<see cref="MicroKernel64x24"/>) where it runs, else <see cref="MicroKernel64Vector"/>. Each element
/// of C is summed in a fixed order whatever the number of threads.
/// </remarks>
internal static class Gemm64
{
    public static void Multiply(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c, bool accumulate)
    {
        Debug.Assert(!c.Transposed, "C must be row-major");
        if (!accumulate)
        {
            for (int i = 0; i < m; i++) c.Row(i, 0, n).Clear();
        }

        if (m == 0 || n == 0 || k == 0 || alpha == 0) return;
        if (MicroKernel64x24.IsSupported) Gemm64Job<MicroKernel64x24>.Run(m, n, k, alpha, a, b, c);
        else Gemm64Job<MicroKernel64Vector>.Run(m, n, k, alpha, a, b, c);
    }
}
