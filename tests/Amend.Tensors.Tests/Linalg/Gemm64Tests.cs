using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class Gemm64Tests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(5, 7, 3, false, false)]
    [InlineData(7, 19, 300, false, true)]
    [InlineData(200, 530, 70, true, false)]
    [InlineData(193, 17, 257, true, true)]
    [InlineData(300, 1100, 600, false, true)]
    [InlineData(45, 1030, 520, true, false)]
    [InlineData(40, 100, 301, false, true)]
    public void Multiply_MatchesNaiveReference_OnEdgeShapesAndTransposes(int m, int n, int k, bool transA, bool transB) =>
        CheckAgainstNaive(m, n, k, transA, transB, (a, b, c) => Gemm64.Multiply(m, n, k, -0.5, a, b, c, accumulate: true), "blocked vs naive GEMM");

    // The kernel for CPUs without AVX-512, which this machine's Gemm64 would not pick.
    [Theory]
    [InlineData(5, 7, 3, false, false)]
    [InlineData(61, 530, 300, false, true)]
    [InlineData(200, 45, 270, true, false)]
    public void PortableKernel_MatchesNaiveReference(int m, int n, int k, bool transA, bool transB) =>
        CheckAgainstNaive(m, n, k, transA, transB, (a, b, c) => Gemm64Job<MicroKernel64Vector>.Run(m, n, k, -0.5, a, b, c), "portable float64 kernel vs naive GEMM");

    private static void CheckAgainstNaive(int m, int n, int k, bool transA, bool transB, Action<MatrixView, MatrixView, MatrixView> accumulate, string what)
    {
        // Given operands stored so that op(A) is m×k and op(B) is k×n, and a C holding old values
        var a = transA ? TestMatrices.Random(k, m, 1) : TestMatrices.Random(m, k, 1);
        var b = transB ? TestMatrices.Random(n, k, 2) : TestMatrices.Random(k, n, 2);
        var expected = TestMatrices.Random(m, n, 3);
        var actual = expected.Clone();
        var viewA = transA ? MatrixView.Of(a).T : MatrixView.Of(a);
        var viewB = transB ? MatrixView.Of(b).T : MatrixView.Of(b);

        // When both accumulate -0.5·op(A)·op(B) into C
        Gemm64Naive.Multiply(m, n, k, -0.5, viewA, viewB, MatrixView.Of(expected), accumulate: true);
        accumulate(viewA, viewB, MatrixView.Of(actual));

        // Then they agree to rounding
        TestMatrices.AssertClose(expected, actual, 1e-14, what);
    }

    [Fact]
    public void Multiply_WithoutAccumulate_OverwritesOldValues()
    {
        var a = TestMatrices.Random(9, 4, 1);
        var b = TestMatrices.Random(4, 11, 2);
        var c = TestMatrices.Random(9, 11, 3);
        var expected = new Matrix64(9, 11);

        Gemm64Naive.Multiply(9, 11, 4, 1, MatrixView.Of(a), MatrixView.Of(b), MatrixView.Of(expected), accumulate: false);
        Gemm64.Multiply(9, 11, 4, 1, MatrixView.Of(a), MatrixView.Of(b), MatrixView.Of(c), accumulate: false);

        TestMatrices.AssertClose(expected, c, 1e-15, "GEMM without accumulate");
    }

    [Fact]
    public void Multiply_OnSubViews_LeavesTheRestOfTheBufferAlone()
    {
        // Given C as the interior of a larger buffer, like the trailing block of a factorisation
        var a = TestMatrices.Random(40, 30, 1);
        var big = TestMatrices.Random(50, 60, 2);
        var before = big.Clone();
        var window = MatrixView.Of(big).Slice(5, 7);

        // When a 40×40 product lands in that window
        Gemm64.Multiply(40, 40, 30, 1, MatrixView.Of(a), MatrixView.Of(a).T, window, accumulate: true);

        // Then elements outside the window are untouched, and inside they moved by A·Aᵀ
        var gram = Matrix64.Multiply(a, false, a, true);
        for (int i = 0; i < 50; i++)
        {
            for (int j = 0; j < 60; j++)
            {
                bool inside = i is >= 5 and < 45 && j is >= 7 and < 47;
                double expected = before[i, j] + (inside ? gram[i - 5, j - 7] : 0);
                Assert.Equal(expected, big[i, j], 12);
            }
        }
    }
}
