namespace Amend.Tensors.Linalg;

/// <summary>
/// The eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix: eigenvalues in ascending order
/// and orthonormal eigenvectors as the columns of V (the convention of torch.linalg.eigh). AlphaEdit's
/// null-space projector (<see cref="ProjectorBelow"/>) forms only the eigenvectors it needs.
/// </summary>
/// <remarks>
/// Householder tridiagonalisation A = Q·T·Qᵀ (4n³/3 flops, half in GEMM, half memory-bound: <see cref="Tridiagonalization"/>); T = Z·Λ·Zᵀ by divide and conquer
/// (<see cref="TridiagonalDivideAndConquer"/>, at most about 4n³/3 flops in GEMM, less the more it deflates);
/// then V = Q·Z with the reflectors applied to Zᵀ (2n³, GEMM), Q never formed. Eigenvalues alone take the
/// implicit QL iteration on T, O(n²). Backward stable: ‖A − V·Λ·Vᵀ‖ and ‖VᵀV − I‖ are a small multiple of
/// n·ε·‖A‖ and n·ε. Timings are in docs/linear-algebra.md.
/// </remarks>
public sealed class SymmetricEigen
{
    private SymmetricEigen(double[] values, Matrix64 vectors)
    {
        Values = values;
        Vectors = vectors;
    }

    /// <summary>The eigenvalues λ₀ ≤ λ₁ ≤ … ≤ λ_{n−1}.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>n×n; column j is the unit eigenvector of <c>Values[j]</c> (its sign is arbitrary).</summary>
    public Matrix64 Vectors { get; }

    /// <summary>
    /// Eigenvalues and eigenvectors of <paramref name="a"/>, which must be symmetric within a relative
    /// 1e-5 (it is symmetrised as (A + Aᵀ)/2 first) and finite.
    /// </summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric.</exception>
    public static SymmetricEigen Decompose(Matrix64 a)
    {
        var (values, x) = Spectrum(a, values => values.Length);
        return new SymmetricEigen(values, x.Transpose());
    }

    /// <summary>Only the eigenvalues of <paramref name="a"/>, ascending (no vectors: O(n²) after the reduction).</summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric.</exception>
    public static double[] Eigenvalues(Matrix64 a)
    {
        var (d, e, _, _, exponent) = Reduce(a);
        TridiagonalQl.Solve(d, e);
        MagnitudeScaling.Unscale("SymmetricEigen", d, exponent);
        Array.Sort(d);
        return d;
    }

    /// <summary>
    /// P = Σ v_j·v_jᵀ over the eigenvectors of <paramref name="a"/> whose eigenvalue is below <paramref name="threshold"/>:
    /// the orthogonal projector onto the (approximate) null space, and its rank. For AlphaEdit's K₀K₀ᵀ, P·Δ leaves the
    /// preserved keys' outputs unchanged. Only those r eigenvectors are formed: applying Q costs 2n²r flops, not 2n³.
    /// </summary>
    /// <exception cref="TensorShapeException"><paramref name="a"/> is not square or is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> holds NaN/∞ or is not symmetric, or <paramref name="threshold"/> is NaN.</exception>
    public static (Matrix64 Projector, int Rank) ProjectorBelow(Matrix64 a, double threshold)
    {
        if (double.IsNaN(threshold)) throw new ArgumentException("SymmetricEigen.ProjectorBelow: the threshold is NaN", nameof(threshold));
        var (_, x) = Spectrum(a, values => values.Count(value => value < threshold));
        int n = a.Rows, rank = x.Rows;
        var projector = new Matrix64(n, n);
        var basis = MatrixView.Of(x);
        Gemm64.Multiply(n, n, rank, 1.0, basis.T, basis, MatrixView.Of(projector), accumulate: false);
        return (projector, rank);
    }

    // A's eigenvalues, ascending, and as the rows of an r × n matrix X the eigenvectors of the first r of them, r being
    // what rows says of the values: row j of X is T's eigenvector for values[j], and X·Qᵀ = (Q·Z)ᵀ, with no Q formed.
    private static (double[] Values, Matrix64 X) Spectrum(Matrix64 a, Func<double[], int> rows)
    {
        var (d, e, work, tau, exponent) = Reduce(a);
        int n = a.Rows;
        var (values, z) = TridiagonalDivideAndConquer.Solve(d, e);
        MagnitudeScaling.Unscale("SymmetricEigen", values, exponent);
        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(values, order);
        var x = TransposedColumns(z, n, order[..rows(values)]);
        HouseholderBasis.MultiplyByTransposeOnRight(work, n, tau, x.Rows, MatrixView.Of(x));
        return (values, x);
    }

    // Symmetrises A (scaled by 2^exponent when its entries are near float64's limits) and reduces it to
    // tridiagonal form; the eigenvalues found from d and e are then 2^exponent times A's.
    private static (double[] Diagonal, double[] OffDiagonal, double[] Work, double[] Tau, int Exponent) Reduce(Matrix64 a)
    {
        MatrixChecks.RequireSquare("SymmetricEigen", a);
        MatrixChecks.RequireSymmetric("SymmetricEigen", a);
        int n = a.Rows, exponent = MagnitudeScaling.ExponentFor(a.Data);
        var work = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++) work[(i * n) + j] = 0.5 * (Math.ScaleB(a.Data[(i * n) + j], exponent) + Math.ScaleB(a.Data[(j * n) + i], exponent));
        }

        var (d, e, tau) = (new double[n], new double[n], new double[n]);
        Tridiagonalization.Reduce(work, n, d, e, tau);
        return (d, e, work, tau, exponent);
    }

    // X (order.Length × n) with row j = column order[j] of the row-major n×n matrix, copied in 32×32 blocks.
    private static Matrix64 TransposedColumns(double[] matrix, int n, int[] order)
    {
        const int block = 32;
        int rows = order.Length;
        var x = new Matrix64(rows, n);
        for (int j0 = 0; j0 < rows; j0 += block)
        {
            for (int i0 = 0; i0 < n; i0 += block)
            {
                for (int j = j0; j < Math.Min(j0 + block, rows); j++)
                {
                    for (int i = i0; i < Math.Min(i0 + block, n); i++) x.Data[(j * n) + i] = matrix[(i * n) + order[j]];
                }
            }
        }

        return x;
    }
}
