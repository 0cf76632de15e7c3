using System.Numerics.Tensors;

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

    // X·T = B for a small T by forward substitution along each row of B: T's columns are copied once into
    // a contiguous buffer, so every step is one vectorised dot product with the row's solved part.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubstituteRight(int m, int r, MatrixView t, MatrixView b)
    {
        Span<double> columns = stackalloc double[r * r];
        for (int j = 0; j < r; j++)
        {
            for (int p = 0; p <= j; p++) columns[(j * r) + p] = t.At(p, j);
        }

        for (int i = 0; i < m; i++)
        {
            var row = b.Row(i, 0, r);
            for (int j = 0; j < r; j++)
            {
                var column = columns.Slice(j * r, j + 1);
                row[j] = (row[j] - TensorPrimitives.Dot<double>(row[..j], column[..j])) / column[j];
            }
        }
    }
}
