namespace Amend.Tensors.Linalg;

/// <summary>
/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix, and solves with it.
/// This is the fast, stable route for covariances: ROME's u = C⁻¹k, MEMIT's (λC + KKᵀ)X = R.
/// </summary>
/// <remarks>
/// Cost n³/3 flops (recursive, GEMM-bound; see docs/linear-algebra.md for timings). A pivot is
/// rejected when it is not above n·ε·a_jj (ε = 2⁻⁵²), i.e. when elimination cancelled the diagonal
/// entry down to rounding noise: such a matrix is singular to working precision even if the pivot is
/// still positive.
/// </remarks>
public sealed class Cholesky
{
    private Cholesky(Matrix64 lower) => Lower = lower;

    /// <summary>The lower-triangular factor L (zeros above the diagonal).</summary>
    public Matrix64 Lower { get; }

    /// <summary>n, the order of the factored matrix.</summary>
    public int Size => Lower.Rows;

    /// <summary>Factors <paramref name="a"/> (n×n, symmetric within a relative 1e-5, finite).</summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric.</exception>
    /// <exception cref="NotPositiveDefiniteException">A pivot is not positive to working precision; the message names it.</exception>
    public static Cholesky Factor(Matrix64 a)
    {
        MatrixChecks.RequireSquare("Cholesky", a);
        MatrixChecks.RequireSymmetric("Cholesky", a);
        return FactorChecked(a);
    }

    /// <summary>
    /// Factors <paramref name="a"/>, and when it is not positive definite factors A + εI instead, with
    /// ε = <paramref name="initialJitter"/>·mean(diag A) grown tenfold per attempt up to
    /// <paramref name="maxJitter"/>·mean(diag A). Editors use this for covariances that are only
    /// semi-definite (fewer samples than dimensions, dead units) and report
    /// <see cref="RegularizedCholesky.Warning"/>.
    /// </summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric.</exception>
    /// <exception cref="NotPositiveDefiniteException">Even the largest ε left a failing pivot (the matrix is clearly indefinite).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The jitters are not 0 &lt; initial ≤ max.</exception>
    public static RegularizedCholesky FactorRegularized(Matrix64 a, double initialJitter = 1e-10, double maxJitter = 1e-2)
    {
        MatrixChecks.RequireSquare("Cholesky", a);
        return FactorRegularizedInPlace(a.Clone(), initialJitter, maxJitter);
    }

    /// <summary>
    /// <see cref="FactorRegularized"/> in <paramref name="a"/>'s own storage, which becomes the factor's
    /// <see cref="Lower"/>: no copy of the matrix is made, even when ε is added, as each attempt restores the lower
    /// triangle from the upper one, which factoring leaves alone. For matrices built only to be factored, such as
    /// MEMIT's λ·C + K·Kᵀ of d_ff × d_ff.
    /// </summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric; it is unchanged.</exception>
    /// <exception cref="NotPositiveDefiniteException">Even the largest ε left a failing pivot; <paramref name="a"/> is then overwritten.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The jitters are not 0 &lt; initial ≤ max; <paramref name="a"/> is unchanged.</exception>
    public static RegularizedCholesky FactorRegularizedInPlace(Matrix64 a, double initialJitter = 1e-10, double maxJitter = 1e-2)
    {
        if (!(initialJitter > 0) || !(maxJitter >= initialJitter) || !double.IsFinite(maxJitter)) throw new ArgumentOutOfRangeException(nameof(initialJitter), $"Cholesky.FactorRegularized: need 0 < initialJitter ≤ maxJitter < ∞, got {initialJitter} and {maxJitter}");
        MatrixChecks.RequireSquare("Cholesky", a);
        MatrixChecks.RequireSymmetric("Cholesky", a);
        double[] diagonal = Diagonal(a);
        NotPositiveDefiniteException failure;
        try
        {
            return new RegularizedCholesky(FactorLower(a, diagonal), 0, null);
        }
        catch (NotPositiveDefiniteException e)
        {
            failure = e;
        }

        double scale = MeanAbsDiagonal(diagonal);
        for (double jitter = initialJitter; jitter <= maxJitter * (1 + 1e-9); jitter *= 10)
        {
            // Past the largest double, every larger ε is infinite too: stop rather than loop forever.
            double epsilon = jitter * scale;
            if (!double.IsFinite(epsilon)) break;
            double[] shifted = [.. diagonal.Select(d => d + epsilon)];
            RestoreLower(a, shifted);
            try
            {
                return new RegularizedCholesky(FactorLower(a, shifted), epsilon, $"{failure.Message}. Regularised: factored A + {epsilon:G3}·I instead ({jitter:G2} × mean |diagonal|)");
            }
            catch (NotPositiveDefiniteException)
            {
                // Not enough: try a tenfold larger ε.
            }
        }

        throw new NotPositiveDefiniteException(failure.Pivot, failure.PivotValue, failure.DiagonalValue,
            $"adding up to {maxJitter:G2} × mean |diagonal| ({maxJitter * scale:G3}) to the diagonal did not help, so the matrix is clearly indefinite rather than nearly singular");
    }

    /// <summary>Solves A·X = B for X (B is n×r), by forward then backward substitution with L and Lᵀ.</summary>
    /// <exception cref="TensorShapeException">B does not have n rows.</exception>
    /// <exception cref="ArgumentException">B holds NaN or ∞.</exception>
    /// <exception cref="ArithmeticException">The solution overflowed float64 (a badly scaled or nearly singular system).</exception>
    public Matrix64 Solve(Matrix64 b)
    {
        MatrixChecks.RequireRows("Cholesky.Solve", b, Size, "right-hand side");
        MatrixChecks.RequireFinite("Cholesky.Solve", b, "right-hand side");
        var x = b.Clone();
        var l = MatrixView.Of(Lower);
        TriangularSolve.LowerLeft(Size, x.Cols, l, unitDiagonal: false, MatrixView.Of(x));
        TriangularSolve.UpperLeft(Size, x.Cols, l.T, MatrixView.Of(x));
        return MatrixChecks.RequireFiniteResult("Cholesky.Solve", x);
    }

    /// <summary>Solves A·x = b for one right-hand side of length n.</summary>
    /// <exception cref="TensorShapeException">b does not have length n.</exception>
    public double[] Solve(ReadOnlySpan<double> b) => Solve(new Matrix64(b.Length, 1, b.ToArray())).Data;

    /// <summary>A⁻¹ (n×n), as the solution of A·X = I; prefer <see cref="Solve(Matrix64)"/> when only A⁻¹B is needed.</summary>
    public Matrix64 Inverse() => Solve(Matrix64.Identity(Size));

    private static Cholesky FactorChecked(Matrix64 a)
    {
        var l = a.Clone();
        return FactorLower(l, Diagonal(a));
    }

    // Factors the lower triangle of a in place, the diagonal being given; the upper triangle is cleared only on success.
    private static Cholesky FactorLower(Matrix64 a, double[] diagonal)
    {
        int n = a.Rows;
        CholeskyKernel.Factor(MatrixView.Of(a), n, 0, diagonal);
        for (int i = 0; i < n; i++) a.Data.AsSpan((i * n) + i + 1, n - i - 1).Clear();
        return new Cholesky(a);
    }

    // After a failed attempt: the lower triangle again from the untouched upper one, and the given diagonal.
    private static void RestoreLower(Matrix64 a, double[] diagonal)
    {
        int n = a.Rows;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) a.Data[(i * n) + j] = a.Data[(j * n) + i];
            a.Data[(i * n) + i] = diagonal[i];
        }
    }

    private static double[] Diagonal(Matrix64 a)
    {
        var diagonal = new double[a.Rows];
        for (int i = 0; i < diagonal.Length; i++) diagonal[i] = a.Data[(i * a.Cols) + i];
        return diagonal;
    }

    private static double MeanAbsDiagonal(double[] diagonal)
    {
        double sum = 0;
        foreach (double d in diagonal) sum += Math.Abs(d);
        if (double.IsInfinity(sum))
        {
            // Entries near float64's limit: the sum overflows where the mean does not.
            sum = 0;
            foreach (double d in diagonal) sum += Math.Abs(d) / diagonal.Length;
            return sum;
        }

        return sum > 0 ? sum / diagonal.Length : 1.0;
    }
}
