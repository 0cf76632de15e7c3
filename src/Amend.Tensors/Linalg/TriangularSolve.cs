using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// Triangular solves with many right-hand sides, in place on views (X overwrites B). Each halves the
/// triangle recursively, so nearly all work lands in <see cref="Gemm64"/>; blocks of at most
/// <see cref="BaseSize"/> are finished by substitution along contiguous rows of B.
/// </summary>
internal static class TriangularSolve
{
    private const int BaseSize = 32;

    /// <summary>T·X = B; T m×m lower triangular (its diagonal taken as 1 when <paramref name="unitDiagonal"/>), B m×r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LowerLeft(int m, int r, MatrixView t, bool unitDiagonal, MatrixView b)
    {
        if (m <= BaseSize)
        {
            for (int i = 0; i < m; i++)
            {
                var row = b.Row(i, 0, r);
                for (int j = 0; j < i; j++) TensorPrimitives.MultiplyAdd(b.Row(j, 0, r), -t.At(i, j), row, row);
                if (!unitDiagonal) TensorPrimitives.Divide(row, t.At(i, i), row);
            }

            return;
        }

        int m1 = m / 2, m2 = m - m1;
        LowerLeft(m1, r, t, unitDiagonal, b);
        Gemm64.Multiply(m2, r, m1, -1.0, t.Slice(m1, 0), b, b.Slice(m1, 0), accumulate: true);
        LowerLeft(m2, r, t.Slice(m1, m1), unitDiagonal, b.Slice(m1, 0));
    }

    /// <summary>T·X = B; T m×m upper triangular, B m×r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpperLeft(int m, int r, MatrixView t, MatrixView b)
    {
        if (m <= BaseSize)
        {
            for (int i = m - 1; i >= 0; i--)
            {
                var row = b.Row(i, 0, r);
                for (int j = i + 1; j < m; j++) TensorPrimitives.MultiplyAdd(b.Row(j, 0, r), -t.At(i, j), row, row);
                TensorPrimitives.Divide(row, t.At(i, i), row);
            }

            return;
        }

        int m1 = m / 2, m2 = m - m1;
        UpperLeft(m2, r, t.Slice(m1, m1), b.Slice(m1, 0));
        Gemm64.Multiply(m1, r, m2, -1.0, t.Slice(0, m1), b.Slice(m1, 0), b, accumulate: true);
        UpperLeft(m1, r, t, b);
    }

    /// <summary>X·T = B; T r×r upper triangular, B m×r (each row of B is solved independently).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpperRight(int m, int r, MatrixView t, MatrixView b)
    {
        if (r <= BaseSize)
        {
            SubstituteRight(m, r, t, b);
            return;
        }

        int r1 = r / 2, r2 = r - r1;
        UpperRight(m, r1, t, b);
        Gemm64.Multiply(m, r2, r1, -1.0, b, t.Slice(0, r1), b.Slice(0, r1), accumulate: true);
        UpperRight(m, r2, t.Slice(r1, r1), b.Slice(0, r1));
    }

    // X·T = B for a small T (r ≤ BaseSize): four rows of B at a time go through 4×4 transposes into a buffer
    // whose column p holds the four rows' entries p, so every step of the substitution is one vector FMA
    // for all four rows; rows left over are solved one by one with dot products against T's columns.
    // (One row at a time, dot products of under 32 doubles spent 40% of a Cholesky factorisation here.)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SubstituteRight(int m, int r, MatrixView t, MatrixView b)
    {
        Span<double> columns = stackalloc double[r * r];
        for (int j = 0; j < r; j++)
        {
            for (int p = 0; p <= j; p++) columns[(j * r) + p] = t.At(p, j);
        }

        int i = 0;
        if (DoubleTranspose.HasFourWide)
        {
            Span<double> reciprocals = stackalloc double[r];
            for (int j = 0; j < r; j++) reciprocals[j] = 1 / columns[(j * r) + j];
            fixed (double* data = b.Data, tColumns = columns, inverse = reciprocals)
            {
                for (; i <= m - 4; i += 4) SubstituteFourRows(data + b.Offset + (i * b.Ld), b.Ld, r, tColumns, inverse);
            }
        }

        for (; i < m; i++)
        {
            var row = b.Row(i, 0, r);
            for (int j = 0; j < r; j++)
            {
                var column = columns.Slice(j * r, j + 1);
                row[j] = (row[j] - TensorPrimitives.Dot<double>(row[..j], column[..j])) / column[j];
            }
        }
    }

    // Rows 0..3 of B (ld apart, r ≤ BaseSize long) solved in place: x_j = b_j / t_jj, then b_p −= x_j·t_jp for p > j.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SubstituteFourRows(double* rows, nint ld, int r, double* columns, double* reciprocals)
    {
        double* x = stackalloc double[4 * BaseSize];
        int whole = r & ~3;
        for (int q = 0; q < whole; q += 4) DoubleTranspose.Transpose4x4(rows + q, ld, x + (4 * q), 4);
        for (int q = whole; q < r; q++)
        {
            for (int row = 0; row < 4; row++) x[(4 * q) + row] = rows[(row * ld) + q];
        }

        for (int j = 0; j < r; j++)
        {
            var xj = Vector256.Load(x + (4 * j)) * reciprocals[j];
            xj.Store(x + (4 * j));
            for (int p = j + 1; p < r; p++)
            {
                double* xp = x + (4 * p);
                Vector256.FusedMultiplyAdd(xj, Vector256.Create(-columns[(p * r) + j]), Vector256.Load(xp)).Store(xp);
            }
        }

        for (int q = 0; q < whole; q += 4) DoubleTranspose.Transpose4x4(x + (4 * q), 4, rows + q, ld);
        for (int q = whole; q < r; q++)
        {
            for (int row = 0; row < 4; row++) rows[(row * ld) + q] = x[(4 * q) + row];
        }
    }
}
