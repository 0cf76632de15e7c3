using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class TridiagonalDivideAndConquerTests
{
    // Backward stable like QL: residual and orthogonality within a small multiple of n·ε.
    private const double Tolerance = 1e-12;

    [Fact]
    public void Laplacian_HasItsClosedFormSpectrum()
    {
        // The 1-D Laplacian tridiag(−1, 2, −1) of order n has eigenvalues 2 − 2·cos(jπ/(n+1)).
        const int n = 700;
        double[] d = [.. Enumerable.Repeat(2.0, n)], e = [.. Enumerable.Repeat(-1.0, n)];

        var (values, vectors) = Solve(d, e);

        double[] expected = [.. Enumerable.Range(1, n).Select(j => 2 - (2 * Math.Cos(j * Math.PI / (n + 1))))];
        double[] sorted = [.. values.Order()];
        for (int j = 0; j < n; j++) Assert.True(Math.Abs(expected[j] - sorted[j]) <= 1e-13, $"value {j}: {sorted[j]} against {expected[j]}");
        AssertEigenpairs(d, e, values, vectors);
    }

    [Fact]
    public void GluedWilkinsonMatrices_WithTheirNearlyEqualPairs_GiveOrthonormalVectors()
    {
        // Twenty copies of W₂₁⁺ (d = |10 − i|, couplings 1), glued by couplings of 1e-10: its eigenvalues come in
        // pairs 1e-14 apart and in clusters of twenty, which the merges must deflate rather than resolve.
        var (d, e) = (new List<double>(), new List<double>());
        for (int block = 0; block < 20; block++)
        {
            for (int i = 0; i < 21; i++)
            {
                d.Add(Math.Abs(10 - i));
                e.Add(i < 20 ? 1 : 1e-10);
            }
        }

        var (values, vectors) = Solve([.. d], [.. e]);

        AssertEigenpairs([.. d], [.. e], values, vectors);
        AssertSameValuesAsQl([.. d], [.. e], values);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    public void ExactOrTinyCouplings_SplitTheMatrix(double coupling)
    {
        const int n = 64;
        double[] d = [.. Enumerable.Range(0, n).Select(i => (double)(i % 5))], e = [.. Enumerable.Repeat(coupling, n)];

        var (values, vectors) = Solve(d, e);

        AssertEigenpairs(d, e, values, vectors);
        double[] expected = [.. d.Order()], actual = [.. values.Order()];
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-15, $"value {i}: {actual[i]} against {expected[i]}");
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(33, 2)]
    [InlineData(257, 3)]
    public void RandomTridiagonals_MatchQl(int n, int seed)
    {
        var random = new Random(seed);
        double[] d = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] e = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1)];

        var (values, vectors) = Solve(d, e);

        AssertEigenpairs(d, e, values, vectors);
        AssertSameValuesAsQl(d, e, values);
    }

    private static (double[] Values, Matrix64 Vectors) Solve(double[] d, double[] e)
    {
        var (values, vectors) = TridiagonalDivideAndConquer.Solve([.. d], [.. e]);
        return (values, new Matrix64(d.Length, d.Length, vectors));
    }

    // ‖T·V − V·Λ‖ ≤ tol·‖T‖ and ‖VᵀV − I‖ ≤ tol, with T's last coupling ignored (e[n−1] couples nothing).
    private static void AssertEigenpairs(double[] d, double[] e, double[] values, Matrix64 v)
    {
        int n = d.Length;
        var t = new Matrix64(n, n);
        for (int i = 0; i < n; i++)
        {
            t[i, i] = d[i];
            if (i + 1 < n) (t[i, i + 1], t[i + 1, i]) = (e[i], e[i]);
        }

        var scaled = v.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) scaled[i, j] *= values[j];
        }

        double residual = Matrix64.Multiply(t, false, v, false).Add(scaled, -1).FrobeniusNorm();
        Assert.True(residual <= Tolerance * Math.Max(1e-300, t.FrobeniusNorm()), $"‖T·V − V·Λ‖ = {residual:E3}");
        TestMatrices.AssertClose(Matrix64.Identity(n), Matrix64.Multiply(v, true, v, false), Tolerance, "VᵀV");
    }

    private static void AssertSameValuesAsQl(double[] d, double[] e, double[] values)
    {
        double[] reference = [.. d];
        TridiagonalQl.Solve(reference, [.. e]);
        double scale = reference.Max(Math.Abs);
        double[] expected = [.. reference.Order()], actual = [.. values.Order()];
        for (int i = 0; i < d.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * scale, $"value {i}: {actual[i]} against QL's {expected[i]}");
    }
}
