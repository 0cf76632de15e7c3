using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class LuDecompositionTests
{
    // Partial pivoting is backward stable in practice: ‖P·A − L·U‖ ≈ n·ε·‖A‖ for these random matrices.
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(300)]
    public void Factor_ReconstructsPermutedMatrix(int n)
    {
        var a = TestMatrices.Random(n, n, seed: n);

        var lu = LuDecomposition.Factor(a);

        var permuted = new Matrix64(n, n);
        for (int i = 0; i < n; i++) a.Row(lu.RowPermutation[i]).CopyTo(permuted.Row(i));
        TestMatrices.AssertClose(permuted, lu.Lower().Multiply(lu.Upper()), Tolerance, "L·U vs P·A");
    }

    [Fact]
    public void Factor_PicksLargestPivot()
    {
        // [[1, 2], [3, 4]]: row 1 has the larger |first entry|, so P swaps; L = [[1, 0], [1/3, 1]], U = [[3, 4], [0, 2/3]]
        var lu = LuDecomposition.Factor(new Matrix64(2, 2, [1, 2, 3, 4]));

        Assert.Equal([1, 0], lu.RowPermutation);
        Assert.Equal(1.0 / 3, lu.Lower()[1, 0], 15);
        Assert.Equal(2.0 / 3, lu.Upper()[1, 1], 15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(260)]
    public void Solve_SatisfiesSystem(int n)
    {
        var a = TestMatrices.Random(n, n, seed: 11);
        var b = TestMatrices.Random(n, 4, seed: 12);

        var x = LuDecomposition.Factor(a).Solve(b);

        TestMatrices.AssertClose(b, a.Multiply(x), 1e-11, "A·X");
    }

    [Fact]
    public void Inverse_TimesMatrix_IsIdentity()
    {
        var a = TestMatrices.Random(90, 90, seed: 5).AddToDiagonal(3);

        var inverse = LuDecomposition.Factor(a).Inverse();

        TestMatrices.AssertClose(Matrix64.Identity(90), a.Multiply(inverse), 1e-12, "A·A⁻¹");
        TestMatrices.AssertClose(Matrix64.Identity(90), inverse.Multiply(a), 1e-12, "A⁻¹·A");
    }

    [Fact]
    public void Factor_Throws_NamingColumn_WhenMatrixIsSingular()
    {
        // The third row is the sum of the first two, so elimination leaves nothing in column 2
        var a = new Matrix64(3, 3, [1, 2, 3, 4, 5, 6, 5, 7, 9]);

        var error = Assert.Throws<SingularMatrixException>(() => LuDecomposition.Factor(a));

        Assert.Equal(2, error.Column);
        Assert.Contains("column 2", error.Message);
    }

    [Fact]
    public void Factor_Throws_OnZeroColumn()
    {
        var error = Assert.Throws<SingularMatrixException>(() => LuDecomposition.Factor(new Matrix64(2, 2, [1, 0, 2, 0])));

        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void Factor_Throws_OnNonSquareOrInfiniteInput()
    {
        Assert.StartsWith("LU:", Assert.Throws<TensorShapeException>(() => LuDecomposition.Factor(new Matrix64(3, 2))).Message);
        Assert.Contains("(0, 0) is Infinity", Assert.Throws<ArgumentException>(() => LuDecomposition.Factor(new Matrix64(1, 1, [double.PositiveInfinity]))).Message);
    }
}
