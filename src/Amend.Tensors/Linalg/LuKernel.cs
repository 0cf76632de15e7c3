using System.Buffers;
using System.Numerics.Tensors;

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

    // Right-looking elimination restricted to a narrow panel, on a column-major copy of it (rows c0.., w
    // columns): in place, each of its w passes touched one line per row n doubles apart, a new page every row,
    // and updated rows of under w doubles one scalar at a time; in the copy the scaling and every update are
    // vector operations down whole columns. Row swaps are made in the copy and, outside the panel's columns,
    // in the matrix; the copy goes back at the end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel(MatrixView a, int n, int c0, int w, int[] permutation, double[] columnMax)
    {
        int rows = n - c0;
        double[] block = ArrayPool<double>.Shared.Rent(rows * w);
        try
        {
            for (int i = 0; i < rows; i++)
            {
                var row = a.Row(c0 + i, c0, w);
                for (int t = 0; t < w; t++) block[(t * rows) + i] = row[t];
            }

            for (int j = 0; j < w; j++) Eliminate(a, n, c0, w, j, block, rows, permutation, columnMax);
            for (int i = 0; i < rows; i++)
            {
                var row = a.Row(c0 + i, c0, w);
                for (int t = 0; t < w; t++) row[t] = block[(t * rows) + i];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
    }

    // Column j of the panel copy: pivot, swap, scale the column below the pivot, update the columns to its right.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Eliminate(MatrixView a, int n, int c0, int w, int j, double[] block, int rows, int[] permutation, double[] columnMax)
    {
        var column = block.AsSpan(j * rows, rows);
        int best = j;
        for (int i = j + 1; i < rows; i++)
        {
            if (Math.Abs(column[i]) > Math.Abs(column[best])) best = i;
        }

        // A pivot at or below n·ε·max|column| is what rounding leaves of a zero.
        double threshold = n * MachineEpsilon * columnMax[c0 + j];
        if (!(Math.Abs(column[best]) > threshold)) throw new SingularMatrixException(c0 + j, column[best], threshold);
        if (best != j)
        {
            for (int t = 0; t < w; t++) (block[(t * rows) + j], block[(t * rows) + best]) = (block[(t * rows) + best], block[(t * rows) + j]);
            Swap(a.Row(c0 + j, 0, c0), a.Row(c0 + best, 0, c0));
            Swap(a.Row(c0 + j, c0 + w, n - c0 - w), a.Row(c0 + best, c0 + w, n - c0 - w));
            (permutation[c0 + best], permutation[c0 + j]) = (permutation[c0 + j], permutation[c0 + best]);
        }

        var below = column[(j + 1)..];
        TensorPrimitives.Divide(below, column[j], below);
        for (int t = j + 1; t < w; t++)
        {
            var target = block.AsSpan((t * rows) + j + 1, rows - j - 1);
            TensorPrimitives.MultiplyAdd(below, -block[(t * rows) + j], target, target);
        }
    }

    private static void Swap(Span<double> x, Span<double> y)
    {
        for (int t = 0; t < x.Length; t++) (x[t], y[t]) = (y[t], x[t]);
    }
}
