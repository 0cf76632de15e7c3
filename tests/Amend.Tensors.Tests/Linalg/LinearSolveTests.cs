using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class LinearSolveTests
{
    [Fact]
    public void Solves_Throw_WhenTheSolutionOverflows()
    {
        // Finite, nonsingular inputs whose solutions pass the largest double.
        var lu = Assert.Throws<ArithmeticException>(() => LinearSolve.Solve(new Matrix64(2, 2, [1e-310, 0, 0, 1e-310]), [1.0, 1.0]));
        var inverse = Assert.Throws<ArithmeticException>(() => LinearSolve.Inverse(new Matrix64(2, 2, [1e-310, 0, 0, 1e-310])));
        var cholesky = Assert.Throws<ArithmeticException>(() => Cholesky.Factor(new Matrix64(2, 2, [1e-300, 0, 0, 1e-300])).Solve([1e300, 1.0]));

        Assert.StartsWith("LU.Solve: the solution overflowed", lu.Message);
        Assert.StartsWith("LU.Inverse: the solution overflowed", inverse.Message);
        Assert.StartsWith("Cholesky.Solve: the solution overflowed", cholesky.Message);
    }

    [Fact]
    public void Solve_OfHandExample_MatchesHandSolution()
    {
        // 2x + y = 5, x + 3y = 10  →  x = 1, y = 3
        double[] x = LinearSolve.Solve(new Matrix64(2, 2, [2, 1, 1, 3]), [5, 10]);

        Assert.Equal(1, x[0], 14);
        Assert.Equal(3, x[1], 14);
    }

    [Fact]
    public void Solve_OfIllConditionedHilbert_HasSmallResidual()
    {
        // cond(H10) ≈ 1.6e13: x is inaccurate, but A·x reproduces b to about cond·ε relative to ‖A‖‖x‖.
        var h = TestMatrices.Hilbert(10);
        var b = TestMatrices.Random(10, 2, seed: 4);

        var x = LinearSolve.Solve(h, b);

        double residual = h.Multiply(x).Add(b, -1).FrobeniusNorm();
        Assert.True(residual <= 1e-10 * h.FrobeniusNorm() * x.FrobeniusNorm(), $"residual {residual:G3}");
    }

    [Fact]
    public void Inverse_OfHandExample_MatchesHandInverse()
    {
        // [[4, 7], [2, 6]]⁻¹ = [[0.6, −0.7], [−0.2, 0.4]]
        var inverse = LinearSolve.Inverse(new Matrix64(2, 2, [4, 7, 2, 6]));

        TestMatrices.AssertClose(new Matrix64(2, 2, [0.6, -0.7, -0.2, 0.4]), inverse, 1e-15, "inverse");
    }

    [Fact]
    public void Solve_Throws_BeforeFactoring_WhenSizesDisagree()
    {
        var error = Assert.Throws<TensorShapeException>(() => LinearSolve.Solve(new Matrix64(3, 3), new Matrix64(2, 1)));

        Assert.StartsWith("LinearSolve.Solve:", error.Message);
        Assert.Contains("(2×1)", error.Message);
    }

    [Fact]
    public void Solve_RefusesANonFiniteRightHandSide_BeforeFactoring()
    {
        // A is singular: factoring first would report that instead.
        var b = new Matrix64(3, 1, [1, double.NaN, 0]);

        var error = Assert.Throws<ArgumentException>(() => LinearSolve.Solve(new Matrix64(3, 3), b));

        Assert.StartsWith("LinearSolve.Solve:", error.Message);
    }

    [Fact]
    public void Solves_OfNoRightHandSides_AreEmpty_ForLuAndCholeskyAlike()
    {
        var a = TestMatrices.Spd(3, seed: 4);
        var none = new Matrix64(3, 0);

        var lu = LinearSolve.Solve(a, none);
        var cholesky = Cholesky.Factor(a).Solve(none);

        Assert.Equal((3, 0), (lu.Rows, lu.Cols));
        Assert.Equal((3, 0), (cholesky.Rows, cholesky.Cols));
    }
}
