using System.Numerics.Tensors;

namespace Amend.Tensors.Linalg;

/// <summary>Input validation shared by the factorisations; every message starts with the operation's name.</summary>
internal static class MatrixChecks
{
    /// <summary>
    /// Largest accepted |a_ij − a_ji| relative to the largest |a_ij|. Matrices assembled from float32 data
    /// (K·Kᵀ computed in two halves) differ by rounding, ~1e-7; a matrix that is not symmetric at all
    /// differs at order 1. 1e-5 accepts the first and rejects the second.
    /// </summary>
    public const double SymmetryTolerance = 1e-5;

    private const int SymmetryTile = 32;

    // Below 1M elements (a 1024² matrix) the symmetry check stays on the calling thread.
    private const long ParallelSymmetryElements = 1L << 20;

    public static void RequireSquare(string op, Matrix64 a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rows != a.Cols) throw new TensorShapeException(op, $"expected a square matrix, got {Matrix64.Describe(a)}");
        if (a.Rows == 0) throw new TensorShapeException(op, "the matrix is empty (0×0)");
    }

    public static void RequireRows(string op, Matrix64 b, int n, string what)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.Rows != n) throw new TensorShapeException(op, $"{what} has {b.Rows} rows but the matrix is {n}×{n} ({what} is {Matrix64.Describe(b)})");
    }

    public static void RequireFinite(string op, Matrix64 a, string what)
    {
        int bad = FirstNonFinite(a.Data);
        if (bad >= 0) throw new ArgumentException($"{op}: {what} element ({bad / a.Cols}, {bad % a.Cols}) is {a.Data[bad]}; inputs must be finite");
    }

    /// <summary>
    /// Checks a solve's result: finite inputs can still overflow (a pivot of 1e-310, a right-hand side near
    /// the largest double), and a NaN or ∞ solution must not pass for an answer.
    /// </summary>
    public static Matrix64 RequireFiniteResult(string op, Matrix64 x)
    {
        int bad = FirstNonFinite(x.Data);
        if (bad >= 0) throw new ArithmeticException($"{op}: the solution overflowed (element ({bad / x.Cols}, {bad % x.Cols}) is {x.Data[bad]}); the system is too badly scaled, or too close to singular, for float64");
        return x;
    }

    /// <summary>Checks that <paramref name="a"/> is finite and symmetric within <see cref="SymmetryTolerance"/>.</summary>
    public static void RequireSymmetric(string op, Matrix64 a)
    {
        // One pass finds the scale and any NaN or ∞ with it (MaxMagnitude returns them); only then is the first one looked up.
        double largest = TensorPrimitives.MaxMagnitude<double>(a.Data);
        if (!double.IsFinite(largest)) RequireFinite(op, a, "matrix");
        int n = a.Rows;
        double allowed = SymmetryTolerance * Math.Abs(largest);
        if (IsSymmetricWithin(a.Data, n, allowed)) return;

        // Name the first offending pair in row order.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double lower = a.Data[(i * n) + j], upper = a.Data[(j * n) + i];
                if (Math.Abs(lower - upper) > allowed)
                {
                    throw new ArgumentException($"{op}: the matrix is not symmetric: a[{i},{j}] = {lower} but a[{j},{i}] = {upper} (allowed difference {allowed:G3} = {SymmetryTolerance} × largest |a_ij|)");
                }
            }
        }
    }

    private static int FirstNonFinite(double[] data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i])) return i;
        }

        return -1;
    }

    // Compares the triangles tile by tile, so that the transposed side is read a few cache lines at a time
    // rather than one line per element, as a walk down its columns does. Rows of tiles run in parallel: at
    // n = 4096 the serial walk took about a tenth of a Cholesky factorisation.
    private static bool IsSymmetricWithin(double[] data, int n, double allowed)
    {
        int tileRows = (n + SymmetryTile - 1) / SymmetryTile;
        if ((long)n * n < ParallelSymmetryElements)
        {
            for (int t = 0; t < tileRows; t++)
            {
                if (!IsTileRowSymmetric(data, n, t * SymmetryTile, allowed)) return false;
            }

            return true;
        }

        bool symmetric = true;
        Parallel.For(0, tileRows, (t, loop) =>
        {
            if (IsTileRowSymmetric(data, n, t * SymmetryTile, allowed)) return;
            symmetric = false;
            loop.Stop();
        });
        return symmetric;
    }

    // Rows i0..i0+31 against columns i0..i0+31, left of the diagonal.
    private static bool IsTileRowSymmetric(double[] data, int n, int i0, double allowed)
    {
        int i1 = Math.Min(n, i0 + SymmetryTile);
        for (int j0 = 0; j0 <= i0; j0 += SymmetryTile)
        {
            for (int i = i0; i < i1; i++)
            {
                var row = data.AsSpan(i * n, n);
                int j1 = Math.Min(i, j0 + SymmetryTile);
                for (int j = j0; j < j1; j++)
                {
                    if (Math.Abs(row[j] - data[(j * n) + i]) > allowed) return false;
                }
            }
        }

        return true;
    }
}
