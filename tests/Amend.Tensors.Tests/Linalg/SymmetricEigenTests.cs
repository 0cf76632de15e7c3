using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class SymmetricEigenTests
{
    // Householder + divide and conquer is backward stable: both residuals are a small multiple of n·ε (≤ 1e-13 here); 1e-12 leaves margin.
    private const double Tolerance = 1e-12;

    // 34, 35 and 67: the reduction's panels of 32 steps end exactly at n − 2, or leave one step or a few over.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(34)]
    [InlineData(35)]
    [InlineData(67)]
    [InlineData(129)]
    [InlineData(300)]
    public void Decompose_ReconstructsMatrix_WithOrthonormalVectors(int n)
    {
        var a = TestMatrices.Symmetric(n, seed: n);

        var eigen = SymmetricEigen.Decompose(a);

        AssertDecomposition(a, eigen);
    }

    [Theory]
    [InlineData(1e160)]
    [InlineData(1e200)]
    [InlineData(1e-310)]
    public void Eigenvalues_ScaleWithTheMatrix_EvenNearTheLimitsOfFloat64(double scale)
    {
        var a = TestMatrices.Symmetric(6, seed: 4);
        var scaled = new Matrix64(6, 6, a.Data.Select(x => x * scale).ToArray());

        double[] expected = SymmetricEigen.Eigenvalues(a);
        var actual = SymmetricEigen.Decompose(scaled);

        for (int i = 0; i < 6; i++) Assert.Equal(1.0, actual.Values[i] / (expected[i] * scale), 8);
        Assert.Equal([1, 1.5e308], SymmetricEigen.Eigenvalues(new Matrix64(2, 2, [1.5e308, 0, 0, 1])));
    }

    [Fact]
    public void Eigenvalues_Throw_WhenOneOverflowsFloat64()
    {
        var error = Assert.Throws<ArithmeticException>(() => SymmetricEigen.Eigenvalues(new Matrix64(2, 2, [1.7e308, 1.7e308, 1.7e308, 1.7e308])));

        Assert.StartsWith("SymmetricEigen:", error.Message);
    }

    [Fact]
    public void Decompose_OfHandExample_MatchesHandComputedEigenpairs()
    {
        // [[2, 1], [1, 2]] has λ = 1 with v = (1, −1)/√2 and λ = 3 with v = (1, 1)/√2
        var eigen = SymmetricEigen.Decompose(new Matrix64(2, 2, [2, 1, 1, 2]));

        Assert.Equal(1, eigen.Values[0], 14);
        Assert.Equal(3, eigen.Values[1], 14);
        Assert.Equal(0, eigen.Vectors[0, 0] + eigen.Vectors[1, 0], 14);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(eigen.Vectors[0, 1]), 14);
        Assert.Equal(eigen.Vectors[0, 1], eigen.Vectors[1, 1], 14);
    }

    [Fact]
    public void Decompose_OfDiagonalMatrix_ReturnsSortedDiagonal()
    {
        var a = new Matrix64(4, 4);
        double[] diagonal = [3, -1, 7, 0.5];
        for (int i = 0; i < 4; i++) a[i, i] = diagonal[i];

        var eigen = SymmetricEigen.Decompose(a);

        Assert.Equal([-1, 0.5, 3, 7], eigen.Values);
        AssertDecomposition(a, eigen);
    }

    [Theory]
    [InlineData(40, 5)]
    [InlineData(400, 30)]
    public void Decompose_OfRankDeficientCovariance_HasZeroEigenvalues(int n, int rank)
    {
        // K·Kᵀ with K n×rank: n − rank eigenvalues at rounding level (a cluster the merges deflate), rank positive
        var k = TestMatrices.Random(n, rank, seed: 2);
        var covariance = Matrix64.Multiply(k, false, k, true);

        var eigen = SymmetricEigen.Decompose(covariance);

        double largest = eigen.Values[^1];
        Assert.All(eigen.Values.Take(n - rank), value => Assert.True(Math.Abs(value) < 1e-13 * largest, $"{value}"));
        Assert.All(eigen.Values.Skip(n - rank), value => Assert.True(value > 1e-3 * largest, $"{value}"));
        AssertDecomposition(covariance, eigen);
    }

    [Fact]
    public void Decompose_OfBlockDiagonalMatrix_SkipsRowsThatNeedNoReflection()
    {
        // Two dense blocks around a diagonal one: rows 39..59 have nothing right of their first off-diagonal
        // entry, so their steps reflect nothing (τ = 0) in the middle of the reduction's panels.
        var a = new Matrix64(100, 100);
        var (top, bottom) = (TestMatrices.Symmetric(40, seed: 5), TestMatrices.Symmetric(40, seed: 6));
        for (int i = 0; i < 40; i++)
        {
            for (int j = 0; j < 40; j++) (a[i, j], a[60 + i, 60 + j]) = (top[i, j], bottom[i, j]);
        }

        for (int i = 40; i < 60; i++) a[i, i] = i - 50;

        var eigen = SymmetricEigen.Decompose(a);

        AssertDecomposition(a, eigen);
    }

    [Fact]
    public void Decompose_OfRepeatedEigenvalues_StillGivesOrthonormalVectors()
    {
        // I + u·uᵀ: eigenvalue 1 repeated n − 1 times and 1 + ‖u‖² once
        var u = TestMatrices.Random(50, 1, seed: 3);
        var a = Matrix64.Multiply(u, false, u, true).AddToDiagonal(1);

        var eigen = SymmetricEigen.Decompose(a);

        Assert.All(eigen.Values.Take(49), value => Assert.Equal(1, value, 12));
        AssertDecomposition(a, eigen);
    }

    [Fact]
    public void Decompose_OfIllConditionedHilbert_FindsTinyEigenvalues()
    {
        // The smallest eigenvalue of the 8×8 Hilbert matrix is 1.1115e-10 (its condition number is 1.5e10)
        var eigen = SymmetricEigen.Decompose(TestMatrices.Hilbert(8));

        Assert.Equal(1.1115e-10, eigen.Values[0], 1e-13);
        AssertDecomposition(TestMatrices.Hilbert(8), eigen);
    }

    [Fact]
    public void Eigenvalues_MatchThoseOfDecompose()
    {
        var a = TestMatrices.Symmetric(60, seed: 4);

        double[] values = SymmetricEigen.Eigenvalues(a);

        var expected = SymmetricEigen.Decompose(a).Values;
        for (int i = 0; i < 60; i++) Assert.True(Math.Abs(expected[i] - values[i]) <= 1e-12, $"value {i}: {values[i]} against {expected[i]}");
    }

    [Fact]
    public void ProjectorBelow_ProjectsOntoNullSpace_AndIsIdempotent()
    {
        // Given a covariance of 3 keys in 8 dimensions, its null space has dimension 5
        var keys = TestMatrices.Random(8, 3, seed: 5);
        var covariance = Matrix64.Multiply(keys, false, keys, true);

        var (projector, rank) = SymmetricEigen.ProjectorBelow(covariance, 1e-8);

        // Then P annihilates the keys (P·K = 0), P² = P, and trace P = 5
        Assert.Equal(5, rank);
        Assert.True(projector.Multiply(keys).FrobeniusNorm() < 1e-12, "P·K should vanish");
        TestMatrices.AssertClose(projector, projector.Multiply(projector), 1e-12, "P²");
        Assert.Equal(5, Enumerable.Range(0, 8).Sum(i => projector[i, i]), 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(160)]
    [InlineData(300)]
    public void ProjectorBelow_MatchesTheSumOverTheFullDecompositionsVectors(int expectedRank)
    {
        // Given a 300-wide covariance of 200 keys (100 zero eigenvalues), and a threshold between eigenvalues
        // expectedRank − 1 and expectedRank, so that the kept vectors cross several reflector panels
        var keys = TestMatrices.Random(300, 200, seed: 7);
        var covariance = Matrix64.Multiply(keys, false, keys, true);
        var eigen = SymmetricEigen.Decompose(covariance);
        double threshold = expectedRank switch
        {
            0 => eigen.Values[0] - 1,
            300 => eigen.Values[^1] + 1,
            _ => (eigen.Values[expectedRank - 1] + eigen.Values[expectedRank]) / 2,
        };

        var (projector, rank) = SymmetricEigen.ProjectorBelow(covariance, threshold);

        // Then it is Σ v·vᵀ over the same eigenvalues, as the whole decomposition gives them
        Assert.Equal(expectedRank, rank);
        var expected = new Matrix64(300, 300);
        for (int j = 0; j < expectedRank; j++)
        {
            for (int r = 0; r < 300; r++)
            {
                for (int c = 0; c < 300; c++) expected[r, c] += eigen.Vectors[r, j] * eigen.Vectors[c, j];
            }
        }

        TestMatrices.AssertClose(expected, projector, 1e-11, "P");
    }

    [Fact]
    public void Decompose_Throws_OnNonSquareNaNOrAsymmetricInput()
    {
        Assert.StartsWith("SymmetricEigen:", Assert.Throws<TensorShapeException>(() => SymmetricEigen.Decompose(new Matrix64(3, 4))).Message);
        Assert.Contains("is NaN", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new Matrix64(1, 1, [double.NaN]))).Message);
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => SymmetricEigen.Eigenvalues(new Matrix64(2, 2, [1, 2, 3, 4]))).Message);
        Assert.StartsWith("SymmetricEigen:", Assert.Throws<TensorShapeException>(() => SymmetricEigen.ProjectorBelow(new Matrix64(3, 4), 1)).Message);
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => SymmetricEigen.ProjectorBelow(new Matrix64(2, 2, [1, 2, 3, 4]), 1)).Message);
    }

    private static void AssertDecomposition(Matrix64 a, SymmetricEigen eigen)
    {
        int n = a.Rows;
        var v = eigen.Vectors;
        for (int j = 1; j < n; j++) Assert.True(eigen.Values[j - 1] <= eigen.Values[j], $"values not ascending at {j}");
        var scaled = v.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) scaled[i, j] *= eigen.Values[j];
        }

        TestMatrices.AssertClose(a, Matrix64.Multiply(scaled, false, v, true), Tolerance, "V·diag(λ)·Vᵀ");
        TestMatrices.AssertClose(Matrix64.Identity(n), Matrix64.Multiply(v, true, v, false), Tolerance, "VᵀV");
    }
}
