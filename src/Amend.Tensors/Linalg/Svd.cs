using System.Numerics.Tensors;

namespace Amend.Tensors.Linalg;

/// <summary>
/// The thin singular value decomposition A = U·diag(σ)·Vᵀ of an m×n matrix, k = min(m, n): U is m×k and
/// V is n×k with orthonormal columns, σ descending. Computed by one-sided Jacobi (Hestenes 1958): pairs
/// of columns are rotated until all are mutually orthogonal, which gives every singular value to high
/// relative accuracy, small ones included (unlike the eigenvalues of AᵀA, which lose them below
/// √ε·σ_max).
/// </summary>
/// <remarks>
/// Cost about 6·m·n²·(sweeps) flops with 6–10 sweeps, single-threaded: meant for matrices up to about
/// 1000 on the short side (seconds). For a symmetric positive semi-definite matrix (a covariance) use
/// <see cref="SymmetricEigen"/>, whose eigenpairs are its singular pairs and which is much faster.
/// </remarks>
public sealed class Svd
{
    private const int MaxSweeps = 60;
    private const double MachineEpsilon = 2.220446049250313e-16;

    private Svd(Matrix64 u, double[] singularValues, Matrix64 v) => (U, SingularValues, V) = (u, singularValues, v);

    /// <summary>m×k, orthonormal columns (left singular vectors).</summary>
    public Matrix64 U { get; }

    /// <summary>σ₀ ≥ σ₁ ≥ … ≥ σ_{k−1} ≥ 0.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>n×k, orthonormal columns (right singular vectors).</summary>
    public Matrix64 V { get; }

    /// <summary>Decomposes <paramref name="a"/> (any shape, finite).</summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN or ∞.</exception>
    /// <exception cref="ArithmeticException">Jacobi sweeps did not converge (not seen on finite input).</exception>
    public static Svd Decompose(Matrix64 a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rows == 0 || a.Cols == 0) throw new TensorShapeException("Svd", $"the matrix is empty {Matrix64.Describe(a)}");
        MatrixChecks.RequireFinite("Svd", a, "matrix");
        if (a.Rows < a.Cols)
        {
            var transposed = Decompose(a.Transpose());
            return new Svd(transposed.V, (double[])transposed.SingularValues, transposed.U);
        }

        // Rows of b are the columns of A (contiguous), rows of vt the columns of V; both get the same rotations.
        // Entries near float64's limits are scaled by a power of two first, so column norms neither overflow
        // nor underflow.
        var b = a.Transpose();
        int exponent = MagnitudeScaling.ExponentFor(b.Data);
        MagnitudeScaling.Scale(b.Data, exponent);
        var vt = Matrix64.Identity(a.Cols);
        Orthogonalize(b, vt);
        return Assemble(b, vt, exponent);
    }

    private static void Orthogonalize(Matrix64 b, Matrix64 vt)
    {
        int n = b.Rows;
        double tolerance = b.Cols * MachineEpsilon;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++) rotated |= RotateIfNeeded(b, vt, p, q, tolerance);
            }

            if (!rotated) return;
        }

        throw new ArithmeticException($"Svd: one-sided Jacobi did not converge in {MaxSweeps} sweeps for a {b.Cols}×{b.Rows} matrix");
    }

    // Rotates columns p and q so they become orthogonal: the symmetric Schur rotation of their Gram matrix [[α, γ], [γ, β]].
    private static bool RotateIfNeeded(Matrix64 b, Matrix64 vt, int p, int q, double tolerance)
    {
        Span<double> bp = b.Row(p), bq = b.Row(q);
        double alpha = TensorPrimitives.Dot<double>(bp, bp), beta = TensorPrimitives.Dot<double>(bq, bq), gamma = TensorPrimitives.Dot<double>(bp, bq);
        // √α·√β, not √(α·β): α and β are squared norms, so their product leaves float64's range for entries past ~1e±77.
        if (!(Math.Abs(gamma) > tolerance * Math.Sqrt(alpha) * Math.Sqrt(beta))) return false;
        double zeta = (beta - alpha) / (2 * gamma);
        double t = (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + double.Hypot(1, zeta));
        double c = 1 / Math.Sqrt(1 + (t * t)), s = c * t;
        Rotate(bp, bq, c, s);
        Rotate(vt.Row(p), vt.Row(q), c, s);
        return true;
    }

    // (x, y) ← (c·x − s·y, s·x + c·y)
    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (int i = 0; i < x.Length; i++) (x[i], y[i]) = ((c * x[i]) - (s * y[i]), (s * x[i]) + (c * y[i]));
    }

    // σ_j = ‖column j‖, sorted descending; U's columns are the normalised columns, completed to an orthonormal set where σ = 0.
    private static Svd Assemble(Matrix64 b, Matrix64 vt, int exponent)
    {
        int k = b.Rows, m = b.Cols;
        double[] sigma = Enumerable.Range(0, k).Select(j => TensorPrimitives.Norm<double>(b.Row(j))).ToArray();
        int[] order = Enumerable.Range(0, k).OrderByDescending(j => sigma[j]).ToArray();
        var ut = new Matrix64(k, m);
        var v = new Matrix64(vt.Cols, k);
        for (int j = 0; j < k; j++)
        {
            int source = order[j];
            if (sigma[source] > 0) TensorPrimitives.Divide(b.Row(source), sigma[source], ut.Row(j));
            for (int i = 0; i < vt.Cols; i++) v[i, j] = vt[source, i];
        }

        CompleteRows(ut, Enumerable.Range(0, k).Where(j => sigma[order[j]] == 0));
        double[] sorted = order.Select(j => sigma[j]).ToArray();
        MagnitudeScaling.Unscale("Svd", sorted, exponent);
        return new Svd(ut.Transpose(), sorted, v);
    }

    // Fills each given zero row with a unit vector orthogonal to all other rows: Gram–Schmidt (two passes)
    // on the unit vector e_i that the other rows cover least, i.e. with the smallest Σ_r u_r[i]².
    private static void CompleteRows(Matrix64 ut, IEnumerable<int> emptyRows)
    {
        foreach (int row in emptyRows)
        {
            var covered = new double[ut.Cols];
            for (int other = 0; other < ut.Rows; other++) TensorPrimitives.MultiplyAdd(ut.Row(other), ut.Row(other), covered, covered);
            var target = ut.Row(row);
            target[TensorPrimitives.IndexOfMin<double>(covered)] = 1;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int other = 0; other < ut.Rows; other++)
                {
                    if (other != row) TensorPrimitives.MultiplyAdd(ut.Row(other), -TensorPrimitives.Dot<double>(ut.Row(other), target), target, target);
                }
            }

            TensorPrimitives.Divide(target, TensorPrimitives.Norm<double>(target), target);
        }
    }
}
