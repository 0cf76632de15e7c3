using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class CholeskyTests
{
    // Cholesky is backward stable: ‖L·Lᵀ − A‖ ≤ c·n·ε·‖A‖; 1e-12 leaves a wide margin at these sizes (n·ε ≤ 7e-14).
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(33)]
    [InlineData(150)]
    [InlineData(300)]
    public void Factor_ReconstructsMatrix_AndLowerIsTriangular(int n)
    {
        var a = TestMatrices.Spd(n, seed: n);

        var l = Cholesky.Factor(a).Lower;

        TestMatrices.AssertClose(a, Matrix64.Multiply(l, false, l, true), Tolerance, "L·Lᵀ");
        for (int i = 0; i < n; i++)
        {
            Assert.True(l[i, i] > 0, $"diagonal {i} is {l[i, i]}");
            for (int j = i + 1; j < n; j++) Assert.Equal(0, l[i, j]);
        }
    }

    [Fact]
    public void Factor_OfHandExample_MatchesHandComputedFactor()
    {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]
        var l = Cholesky.Factor(new Matrix64(2, 2, [4, 2, 2, 3])).Lower;

        Assert.Equal([2, 0, 1, Math.Sqrt(2)], l.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(257)]
    public void Solve_SatisfiesSystem(int n)
    {
        var a = TestMatrices.Spd(n, seed: 7);
        var b = TestMatrices.Random(n, 3, seed: 8);

        var x = Cholesky.Factor(a).Solve(b);

        TestMatrices.AssertClose(b, a.Multiply(x), Tolerance, "A·X");
    }

    [Fact]
    public void Solve_OfIllConditionedHilbert_HasSmallResidual()
    {
        // cond(H8) ≈ 1.5e10: the solution loses ~10 digits, but the residual stays at rounding level.
        var h = TestMatrices.Hilbert(8);
        double[] b = Enumerable.Range(0, 8).Select(i => 1.0 + i).ToArray();

        double[] x = Cholesky.Factor(h).Solve(b);

        double[] hx = h.Multiply(x);
        for (int i = 0; i < 8; i++) Assert.Equal(b[i], hx[i], 1e-9);
    }

    [Fact]
    public void Inverse_TimesMatrix_IsIdentity()
    {
        var a = TestMatrices.Spd(70, seed: 3);

        var inverse = Cholesky.Factor(a).Inverse();

        TestMatrices.AssertClose(Matrix64.Identity(70), a.Multiply(inverse), 1e-11, "A·A⁻¹");
    }

    [Fact]
    public void Factor_Throws_NamingPivot_WhenMatrixIsIndefinite()
    {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 = −3
        var error = Assert.Throws<NotPositiveDefiniteException>(() => Cholesky.Factor(new Matrix64(2, 2, [1, 2, 2, 1])));

        Assert.Equal(1, error.Pivot);
        Assert.Equal(-3, error.PivotValue, 12);
        Assert.Contains("pivot 1", error.Message);
    }

    [Fact]
    public void Factor_Throws_WhenMatrixIsOnlySemiDefinite()
    {
        // K·Kᵀ of a 6×2 K has rank 2 < 6: a covariance from too few samples
        var k = TestMatrices.Random(6, 2, seed: 1);
        var covariance = Matrix64.Multiply(k, false, k, true);

        var error = Assert.Throws<NotPositiveDefiniteException>(() => Cholesky.Factor(covariance));

        Assert.Equal(2, error.Pivot);
    }

    [Fact]
    public void FactorRegularized_OfSemiDefiniteMatrix_AddsSmallJitter_AndSaysSo()
    {
        var k = TestMatrices.Random(6, 2, seed: 1);
        var covariance = Matrix64.Multiply(k, false, k, true);

        var result = Cholesky.FactorRegularized(covariance);

        Assert.True(result.WasRegularized);
        Assert.InRange(result.AddedToDiagonal, 1e-12, 1e-6);
        Assert.Contains("Regularised", result.Warning);
        var l = result.Factorization.Lower;
        TestMatrices.AssertClose(covariance.AddToDiagonal(result.AddedToDiagonal), Matrix64.Multiply(l, false, l, true), Tolerance, "L·Lᵀ");
    }

    [Theory]
    [InlineData(150)]
    [InlineData(300)]
    public void FactorRegularizedInPlace_OfASemiDefiniteMatrix_GivesTheFactorOfTheCopy_InTheMatrixItself(int n)
    {
        // Rank n/3, so the first attempt fails part-way through, after the kernel has overwritten much of the lower
        // triangle; the retry must start again from the matrix, restored from the upper triangle.
        var k = TestMatrices.Random(n, n / 3, seed: n);
        var covariance = Matrix64.Multiply(k, false, k, true);
        var inPlace = covariance.Clone();

        var result = Cholesky.FactorRegularizedInPlace(inPlace);

        Assert.True(result.WasRegularized);
        Assert.Same(inPlace, result.Factorization.Lower);
        var shifted = covariance.AddToDiagonal(result.AddedToDiagonal);
        Assert.Equal(Cholesky.Factor(shifted).Lower.Data, result.Factorization.Lower.Data);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    public void Kernel_LeavesTheStrictUpperTriangleAsItWas(int n)
    {
        var a = TestMatrices.Spd(n, seed: n);
        var work = a.Clone();
        var diagonal = Enumerable.Range(0, n).Select(i => a[i, i]).ToArray();

        CholeskyKernel.Factor(MatrixView.Of(work), n, 0, diagonal);

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++) Assert.True(work[i, j] == a[i, j], $"({i}, {j}) changed from {a[i, j]} to {work[i, j]}");
        }
    }

    [Fact]
    public void FactorRegularized_OfDefiniteMatrix_AddsNothing()
    {
        var result = Cholesky.FactorRegularized(TestMatrices.Spd(10, seed: 2));

        Assert.False(result.WasRegularized);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void FactorRegularized_Throws_WhenMatrixIsClearlyIndefinite()
    {
        var error = Assert.Throws<NotPositiveDefiniteException>(() => Cholesky.FactorRegularized(new Matrix64(2, 2, [1, 2, 2, 1])));

        Assert.Contains("did not help", error.Message);
    }

    [Fact]
    public void FactorRegularized_RejectsAnInfiniteMaxJitter()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Cholesky.FactorRegularized(new Matrix64(2, 2, [1, 2, 2, 1]), 1e-10, double.PositiveInfinity));

        Assert.Contains("FactorRegularized", error.Message);
    }

    [Fact]
    public void FactorRegularized_GivesUp_WhenTheJitterWouldOverflow()
    {
        // ε = jitter · 8.5e307 passes the largest double long before jitter reaches maxJitter.
        var a = new Matrix64(2, 2, [-1.7e308, 0, 0, 1]);

        Assert.Throws<NotPositiveDefiniteException>(() => Cholesky.FactorRegularized(a, 1e-10, double.MaxValue));
    }

    [Fact]
    public void FactorRegularized_OfASingularMatrixNearTheLargestDouble_StillRegularises()
    {
        // The diagonal's sum overflows; its mean, 1e308, does not, and 1e-10 of it makes the matrix definite.
        var a = new Matrix64(2, 2, [1e308, 1e308, 1e308, 1e308]);

        var result = Cholesky.FactorRegularized(a);

        Assert.Equal(1e298, result.AddedToDiagonal, 1e283);
    }

    [Fact]
    public void Factor_Throws_OnNonSquareEmptyNaNOrAsymmetricInput()
    {
        Assert.StartsWith("Cholesky:", Assert.Throws<TensorShapeException>(() => Cholesky.Factor(new Matrix64(2, 3))).Message);
        Assert.Contains("empty", Assert.Throws<TensorShapeException>(() => Cholesky.Factor(new Matrix64(0, 0))).Message);
        Assert.Contains("(0, 1) is NaN", Assert.Throws<ArgumentException>(() => Cholesky.Factor(new Matrix64(2, 2, [1, double.NaN, double.NaN, 1]))).Message);
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => Cholesky.Factor(new Matrix64(2, 2, [2, 1, 0, 2]))).Message);
    }


    [Fact]
    public void Factor_OfALargeMatrix_NamesTheAsymmetricPairOrTheInfiniteElement_WhereverTheyLie()
    {
        // 1100² elements: the symmetry check runs its rows of tiles in parallel (from 1024²).
        const int n = 1100;
        var identity = Matrix64.Identity(n);
        var lastTile = identity.Clone();
        lastTile.Data[(1099 * n) + 1070] = 0.5;
        var firstColumn = identity.Clone();
        firstColumn.Data[(700 * n) + 3] = -0.25;
        var infinite = identity.Clone();
        infinite.Data[(640 * n) + 900] = double.PositiveInfinity;

        Assert.Contains("a[1099,1070] = 0.5 but a[1070,1099] = 0", Assert.Throws<ArgumentException>(() => Cholesky.Factor(lastTile)).Message);
        Assert.Contains("a[700,3] = -0.25 but a[3,700] = 0", Assert.Throws<ArgumentException>(() => Cholesky.Factor(firstColumn)).Message);
        Assert.Contains("matrix element (640, 900) is", Assert.Throws<ArgumentException>(() => Cholesky.Factor(infinite)).Message);
        Assert.Equal(1.0, Cholesky.Factor(identity).Lower.Data[(1099 * n) + 1099]);
    }
    [Fact]
    public void Solve_Throws_WhenRightHandSideHasWrongRowCount()
    {
        var cholesky = Cholesky.Factor(TestMatrices.Spd(3, seed: 1));

        var error = Assert.Throws<TensorShapeException>(() => cholesky.Solve(new Matrix64(4, 2)));

        Assert.Contains("4 rows but the matrix is 3×3", error.Message);
    }
}
