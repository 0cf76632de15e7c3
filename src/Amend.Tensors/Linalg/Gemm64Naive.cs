namespace Amend.Tensors.Linalg;

/// <summary>
/// Reference for <see cref="Gemm64"/>: C[m×n] = (accumulate ? C : 0) + alpha·op(A)·op(B) by the
/// textbook triple loop. Used by tests only; too slow for real sizes.
/// </summary>
internal static class Gemm64Naive
{
    public static void Multiply(int m, int n, int k, double alpha, MatrixView a, MatrixView b, MatrixView c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += a.At(i, p) * b.At(p, j);
                c.At(i, j) = (accumulate ? c.At(i, j) : 0) + (alpha * sum);
            }
        }
    }
}
