namespace Amend.Tensors.Linalg;

/// <summary>
/// In-place LU with partial pivoting, P·A = L·U, by recursion on column halves (Toledo): factor the left
/// half, solve L11·U12 = A12, update A22 −= L21·U12 (GEMM), factor the right half. Row swaps move whole
/// rows at once, so the already-computed part of L is permuted too and no swap list is replayed later.
/// Cost 2n³/3 flops (n³/3 multiply-adds), almost all in <see cref="Gemm64"/>.
/// </summary>
internal static class LuKernel
{
    private const int BaseWidth = 16;
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <param name="a">n×n row-major; becomes L (strictly below the diagonal, unit diagonal implied) and U.</param>
    /// <param name="n">order of the matrix.</param>
    /// <param name="permutation">row i of P·A is row permutation[i] of A; starts as the identity.</param>
    public static void Factor(double[] a, int n, int[] permutation)
    {
        var columnMax = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) columnMax[j] = Math.Max(columnMax[j], Math.Abs(a[(i * n) + j]));
        }

        Factor(new MatrixView(a, 0, n), n, 0, n, permutation, columnMax);
    }

    // Factors columns [c0, c0 + w) over rows [c0, n).
    private static void Factor(MatrixView a, int n, int c0, int w, int[] permutation, double[] columnMax)
    {
        if (w <= BaseWidth)
        {
            Panel(a, n, c0, w, permutation, columnMax);
            return;
        }

        int h = w / 2;
        Factor(a, n, c0, h, permutation, columnMax);
        TriangularSolve.LowerLeft(h, w - h, a.Slice(c0, c0), unitDiagonal: true, a.Slice(c0, c0 + h));
        Gemm64.Multiply(n - c0 - h, w - h, h, -1.0, a.Slice(c0 + h, c0), a.Slice(c0, c0 + h), a.Slice(c0 + h, c0 + h), accumulate: true);
        Factor(a, n, c0 + h, w - h, permutation, columnMax);
    }

    // Right-looking elimination restricted to a narrow panel; each update touches a short contiguous row piece.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel(MatrixView a, int n, int c0, int w, int[] permutation, double[] columnMax)
    {
        for (int j = c0; j < c0 + w; j++)
        {
            int best = j;
            for (int i = j + 1; i < n; i++)
            {
                if (Math.Abs(a.At(i, j)) > Math.Abs(a.At(best, j))) best = i;
            }

            // A pivot at or below n·ε·max|column| is what rounding leaves of a zero.
            double threshold = n * MachineEpsilon * columnMax[j];
            if (!(Math.Abs(a.At(best, j)) > threshold)) throw new SingularMatrixException(j, a.At(best, j), threshold);
            if (best != j)
            {
                Span<double> upper = a.Row(j, 0, n), lower = a.Row(best, 0, n);
                for (int t = 0; t < n; t++) (upper[t], lower[t]) = (lower[t], upper[t]);
                (permutation[best], permutation[j]) = (permutation[j], permutation[best]);
            }

            double pivot = a.At(j, j);
            var pivotRow = a.Row(j, j + 1, c0 + w - j - 1);
            for (int i = j + 1; i < n; i++)
            {
                double l = a.At(i, j) /= pivot;
                if (l == 0) continue;
                var row = a.Row(i, j + 1, pivotRow.Length);
                for (int t = 0; t < row.Length; t++) row[t] -= l * pivotRow[t];
            }
        }
    }
}
