namespace Amend.Tensors.Linalg;

/// <summary>
/// One-call solves for general square systems through <see cref="LuDecomposition"/>. Factor once with
/// <see cref="LuDecomposition.Factor"/> (or <see cref="Cholesky.Factor"/> for SPD matrices) when the same
/// matrix is solved against several right-hand sides.
/// </summary>
public static class LinearSolve
{
    /// <summary>X with A·X = B (A n×n, B n×r), e.g. MEMIT's (λC + KKᵀ)·X = R.</summary>
    /// <exception cref="TensorShapeException">A is not square, or B does not have n rows.</exception>
    /// <exception cref="ArgumentException">A or B holds NaN or ∞.</exception>
    /// <exception cref="SingularMatrixException">A is singular to working precision.</exception>
    /// <exception cref="ArithmeticException">The solution overflowed float64 (a badly scaled or nearly singular system).</exception>
    public static Matrix64 Solve(Matrix64 a, Matrix64 b)
    {
        MatrixChecks.RequireSquare("LinearSolve.Solve", a);
        MatrixChecks.RequireRows("LinearSolve.Solve", b, a.Rows, "right-hand side");
        MatrixChecks.RequireFinite("LinearSolve.Solve", b, "right-hand side");
        return LuDecomposition.Factor(a).Solve(b);
    }

    /// <summary>x with A·x = b for one right-hand side.</summary>
    /// <exception cref="TensorShapeException">A is not square, or b's length differs from n.</exception>
    /// <exception cref="SingularMatrixException">A is singular to working precision.</exception>
    public static double[] Solve(Matrix64 a, ReadOnlySpan<double> b) => Solve(a, new Matrix64(b.Length, 1, b.ToArray())).Data;

    /// <summary>A⁻¹ through LU with partial pivoting (8n³/3 flops).</summary>
    /// <exception cref="TensorShapeException">A is not square or is empty.</exception>
    /// <exception cref="SingularMatrixException">A is singular to working precision.</exception>
    public static Matrix64 Inverse(Matrix64 a) => LuDecomposition.Factor(a).Inverse();
}
