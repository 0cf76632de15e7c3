using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class SymmetricRankKTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(300, 130)]
    [InlineData(40, 1100)]
    public void Update_ThenMirror_MatchesFullProduct_AndKeepsOldValues(int n, int d)
    {
        // Given rows A (n×d) in a longer buffer, and a symmetric C holding old values
        var a = TestMatrices.Random(n, d, 1);
        var buffer = a.Data.Concat(new double[17]).ToArray();
        var old = TestMatrices.Symmetric(d, 2);
        var c = old.Clone();

        // When the upper blocks are updated and mirrored
        SymmetricRankK.Update(c, buffer, n);
        SymmetricRankK.MirrorUpper(c);

        // Then C = old + Aᵀ·A, computed by the reference GEMM
        var expected = old.Add(Matrix64.Multiply(a, true, a, false));
        TestMatrices.AssertClose(expected, c, 1e-12, "syrk vs Aᵀ·A");
    }

    [Fact]
    public void Update_WithTooShortBuffer_NamesTheShapes()
    {
        var c = new Matrix64(4, 4);

        var error = Assert.Throws<TensorShapeException>(() => SymmetricRankK.Update(c, new double[7], 2));

        Assert.Contains("2×4", error.Message, StringComparison.Ordinal);
    }
}
