using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class SvdTests
{
    // One-sided Jacobi is backward stable; residuals are a small multiple of max(m, n)·ε, far below 1e-12 here.
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    [InlineData(40, 40)]
    [InlineData(70, 25)]
    public void Decompose_ReconstructsMatrix_WithOrthonormalFactors(int m, int n)
    {
        var a = TestMatrices.Random(m, n, seed: (m * 100) + n);

        var svd = Svd.Decompose(a);

        AssertDecomposition(a, svd);
    }

    [Theory]
    [InlineData(1e160)]
    [InlineData(1e-170)]
    [InlineData(1e80)]   // within 2^±400, so not rescaled: α·β of the columns' squared norms overflows
    [InlineData(1e-90)]  // and here underflows to 0
    public void SingularValues_ScaleWithTheMatrix_EvenNearTheLimitsOfFloat64(double scale)
    {
        var a = new Matrix64(2, 2, [1, 2, 3, 4]);
        var scaled = new Matrix64(2, 2, a.Data.Select(x => x * scale).ToArray());

        var expected = Svd.Decompose(a).SingularValues;
        var actual = Svd.Decompose(scaled).SingularValues;

        for (int i = 0; i < 2; i++) Assert.Equal(1.0, actual[i] / (expected[i] * scale), 10);
    }

    [Fact]
    public void Decompose_OfHandExample_MatchesHandSingularValues()
    {
        // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5, so σ = (3√5, √5)
        var svd = Svd.Decompose(new Matrix64(2, 2, [3, 0, 4, 5]));

        Assert.Equal(3 * Math.Sqrt(5), svd.SingularValues[0], 14);
        Assert.Equal(Math.Sqrt(5), svd.SingularValues[1], 14);
    }

    [Fact]
    public void Decompose_OfRankDeficientMatrix_HasZeroSingularValues_AndStillOrthonormalU()
    {
        // (6×2)·(2×5) has rank 2; the zero rows of a 6×5 matrix with two exact-zero columns force U to be completed
        var a = Matrix64.Multiply(TestMatrices.Random(6, 2, seed: 1), false, TestMatrices.Random(2, 5, seed: 2), false);
        var zeroColumns = new Matrix64(6, 5);
        zeroColumns[0, 0] = 2;
        zeroColumns[1, 1] = 1;

        var svd = Svd.Decompose(a);
        var sparse = Svd.Decompose(zeroColumns);

        Assert.All(svd.SingularValues.Skip(2), sigma => Assert.True(sigma < 1e-14 * svd.SingularValues[0], $"{sigma}"));
        AssertDecomposition(a, svd);
        Assert.Equal([2, 1, 0, 0, 0], sparse.SingularValues);
        AssertDecomposition(zeroColumns, sparse);
    }

    [Fact]
    public void Decompose_AgreesWithEigenvaluesOfGram()
    {
        var a = TestMatrices.Random(30, 12, seed: 3);

        var sigma = Svd.Decompose(a).SingularValues;

        double[] eigenvalues = SymmetricEigen.Eigenvalues(Matrix64.Multiply(a, true, a, false));
        for (int j = 0; j < 12; j++) Assert.Equal(Math.Sqrt(eigenvalues[11 - j]), sigma[j], 12);
    }

    [Fact]
    public void Decompose_Throws_OnEmptyOrNaNInput()
    {
        Assert.StartsWith("Svd:", Assert.Throws<TensorShapeException>(() => Svd.Decompose(new Matrix64(0, 3))).Message);
        Assert.Contains("is NaN", Assert.Throws<ArgumentException>(() => Svd.Decompose(new Matrix64(1, 2, [1, double.NaN]))).Message);
    }

    private static void AssertDecomposition(Matrix64 a, Svd svd)
    {
        int k = Math.Min(a.Rows, a.Cols);
        Assert.Equal((a.Rows, k), (svd.U.Rows, svd.U.Cols));
        Assert.Equal((a.Cols, k), (svd.V.Rows, svd.V.Cols));
        for (int j = 1; j < k; j++) Assert.True(svd.SingularValues[j - 1] >= svd.SingularValues[j], $"σ not descending at {j}");
        var scaled = svd.U.Clone();
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < k; j++) scaled[i, j] *= svd.SingularValues[j];
        }

        TestMatrices.AssertClose(a, Matrix64.Multiply(scaled, false, svd.V, true), Tolerance, "U·Σ·Vᵀ");
        TestMatrices.AssertClose(Matrix64.Identity(k), Matrix64.Multiply(svd.U, true, svd.U, false), Tolerance, "UᵀU");
        TestMatrices.AssertClose(Matrix64.Identity(k), Matrix64.Multiply(svd.V, true, svd.V, false), Tolerance, "VᵀV");
    }
}
