namespace Amend.Tensors.Linalg;

/// <summary>
/// LU factorisation with partial pivoting, P·A = L·U, of a general square matrix, and solves with it.
/// Use it for matrices that are not symmetric positive definite (otherwise <see cref="Cholesky"/> is
/// twice as fast). Cost 2n³/3 flops.
/// </summary>
/// <remarks>
/// A column is declared singular when no pivot exceeds n·ε·(largest |entry| of that column in A), with
/// ε = 2⁻⁵²: beyond that point a solve returns rounding noise. This is stricter than LAPACK, which
/// only stops at an exact zero.
/// </remarks>
public sealed class LuDecomposition
{
    private readonly double[] _factors;
    private readonly int[] _permutation;

    private LuDecomposition(double[] factors, int[] permutation)
    {
        _factors = factors;
        _permutation = permutation;
    }

    /// <summary>n, the order of the factored matrix.</summary>
    public int Size => _permutation.Length;

    /// <summary>Row i of P·A is row <c>RowPermutation[i]</c> of A.</summary>
    public IReadOnlyList<int> RowPermutation => _permutation;

    /// <summary>Factors <paramref name="a"/> (n×n, finite).</summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN or ∞.</exception>
    /// <exception cref="SingularMatrixException">A column has no usable pivot; the message names it.</exception>
    public static LuDecomposition Factor(Matrix64 a)
    {
        MatrixChecks.RequireSquare("LU", a);
        MatrixChecks.RequireFinite("LU", a, "matrix");
        int n = a.Rows;
        var factors = (double[])a.Data.Clone();
        var permutation = Enumerable.Range(0, n).ToArray();
        LuKernel.Factor(factors, n, permutation);
        return new LuDecomposition(factors, permutation);
    }

    /// <summary>The unit lower-triangular factor L (a copy).</summary>
    public Matrix64 Lower() => Triangle(lower: true);

    /// <summary>The upper-triangular factor U (a copy).</summary>
    public Matrix64 Upper() => Triangle(lower: false);

    /// <summary>Solves A·X = B for X (B is n×r): permute, then forward and backward substitution.</summary>
    /// <exception cref="TensorShapeException">B does not have n rows.</exception>
    /// <exception cref="ArgumentException">B holds NaN or ∞.</exception>
    /// <exception cref="ArithmeticException">The solution overflowed float64 (a badly scaled or nearly singular system).</exception>
    public Matrix64 Solve(Matrix64 b)
    {
        MatrixChecks.RequireRows("LU.Solve", b, Size, "right-hand side");
        MatrixChecks.RequireFinite("LU.Solve", b, "right-hand side");
        var x = new Matrix64(Size, b.Cols);
        for (int i = 0; i < Size; i++) b.Row(_permutation[i]).CopyTo(x.Row(i));
        return MatrixChecks.RequireFiniteResult("LU.Solve", SolvePermuted(x));
    }

    /// <summary>Solves A·x = b for one right-hand side of length n.</summary>
    /// <exception cref="TensorShapeException">b does not have length n.</exception>
    public double[] Solve(ReadOnlySpan<double> b) => Solve(new Matrix64(b.Length, 1, b.ToArray())).Data;

    /// <summary>A⁻¹, as the solution of A·X = I (2n³ more multiply-adds; prefer <see cref="Solve(Matrix64)"/>).</summary>
    public Matrix64 Inverse()
    {
        var x = new Matrix64(Size, Size);
        for (int i = 0; i < Size; i++) x.Data[(i * Size) + _permutation[i]] = 1;
        return MatrixChecks.RequireFiniteResult("LU.Inverse", SolvePermuted(x));
    }

    private Matrix64 SolvePermuted(Matrix64 x)
    {
        var lu = new MatrixView(_factors, 0, Size);
        TriangularSolve.LowerLeft(Size, x.Cols, lu, unitDiagonal: true, MatrixView.Of(x));
        TriangularSolve.UpperLeft(Size, x.Cols, lu, MatrixView.Of(x));
        return x;
    }

    private Matrix64 Triangle(bool lower)
    {
        int n = Size;
        var result = new Matrix64(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (lower && j < i) result.Data[(i * n) + j] = _factors[(i * n) + j];
                else if (lower && j == i) result.Data[(i * n) + j] = 1;
                else if (!lower && j >= i) result.Data[(i * n) + j] = _factors[(i * n) + j];
            }
        }

        return result;
    }
}
