using System.Buffers;
using System.Numerics.Tensors;

namespace Amend.Tensors.Linalg;

/// <summary>
/// In-place lower Cholesky A = L·Lᵀ on a row-major view, by recursion on halves:
/// L11 = chol(A11); L21 = A21·L11⁻ᵀ; A22 −= L21·L21ᵀ; L22 = chol(A22). The two middle steps are a
/// triangular solve and a symmetric rank-k update, both GEMM-bound, so the cost is n³/3 flops (n³/6 multiply-adds)
/// at GEMM speed. Only the lower triangle is read or written: the strict upper triangle keeps the matrix, so a
/// factorisation that fails can be retried from it (<see cref="Cholesky.FactorRegularizedInPlace"/>).
/// </summary>
internal static class CholeskyKernel
{
    private const int BaseSize = 32;
    private const int SyrkBaseSize = 128;

    // Unit roundoff of double (2⁻⁵²), not double.Epsilon, which is the smallest subnormal.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <param name="a">the block to factor, its (0, 0) being global pivot <paramref name="first"/>.</param>
    /// <param name="n">block size.</param>
    /// <param name="first">global index of the block's first pivot (for error messages and <paramref name="diagonal"/>).</param>
    /// <param name="diagonal">the original diagonal of the whole matrix, the scale of each pivot.</param>
    public static void Factor(MatrixView a, int n, int first, double[] diagonal)
    {
        if (n <= BaseSize)
        {
            Unblocked(a, n, first, diagonal);
            return;
        }

        int n1 = n / 2, n2 = n - n1;
        Factor(a, n1, first, diagonal);
        TriangularSolve.UpperRight(n2, n1, a.T, a.Slice(n1, 0));
        SubtractGram(n2, n1, a.Slice(n1, 0), a.Slice(n1, n1));
        Factor(a.Slice(n1, n1), n2, first + n1, diagonal);
    }

    // Left-looking on a small block: every step is a dot product of two contiguous rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unblocked(MatrixView a, int n, int first, double[] diagonal)
    {
        // A pivot below n·ε·a_jj is what cancellation leaves of a zero: the matrix is singular to working precision.
        double relativeFloor = diagonal.Length * MachineEpsilon;
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.Row(j, 0, j);
            double pivot = a.At(j, j) - TensorPrimitives.Dot<double>(rowJ, rowJ);
            double original = diagonal[first + j];
            if (!(pivot > relativeFloor * Math.Max(original, 0))) throw new NotPositiveDefiniteException(first + j, pivot, original);
            double root = Math.Sqrt(pivot);
            a.At(j, j) = root;
            for (int i = j + 1; i < n; i++) a.At(i, j) = (a.At(i, j) - TensorPrimitives.Dot<double>(a.Row(i, 0, j), rowJ)) / root;
        }
    }

    // C −= A·Aᵀ on the lower triangle of the n×n block C (A is n×k): off-diagonal halves by GEMM, diagonal halves recursively.
    private static void SubtractGram(int n, int k, MatrixView a, MatrixView c)
    {
        if (n <= SyrkBaseSize)
        {
            SubtractGramLower(n, k, a, c);
            return;
        }

        int n1 = n / 2, n2 = n - n1;
        SubtractGram(n1, k, a, c);
        Gemm64.Multiply(n2, n1, k, -1.0, a.Slice(n1, 0), a.T, c.Slice(n1, 0), accumulate: true);
        SubtractGram(n2, k, a.Slice(n1, 0), c.Slice(n1, n1));
    }

    // The whole small product goes to a buffer, and only its lower triangle into C, so C's upper triangle stays.
    private static void SubtractGramLower(int n, int k, MatrixView a, MatrixView c)
    {
        double[] product = ArrayPool<double>.Shared.Rent(n * n);
        try
        {
            Gemm64.Multiply(n, n, k, 1.0, a, a.T, new MatrixView(product, 0, n), accumulate: false);
            for (int i = 0; i < n; i++) TensorPrimitives.Subtract(c.Row(i, 0, i + 1), product.AsSpan(i * n, i + 1), c.Row(i, 0, i + 1));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(product);
        }
    }
}
