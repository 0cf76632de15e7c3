using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class DivideAndConquerStressTests
{
    // Backward stability (‖A − V·Λ·Vᵀ‖ ≤ 1e-12·‖A‖, ‖VᵀV − I‖ ≤ 1e-12) on spectra that make the merges deflate,
    // cluster or grade: the cases the secular equation and Löwner's ẑ exist for.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void SpectraThatStressTheMerges_GiveBackwardStableDecompositions(int kind)
    {
        const int n = 300;
        var random = new Random(kind + 10);
        var q = new Matrix64(n, n);
        for (int i = 0; i < n * n; i++) q.Data[i] = random.NextDouble() - 0.5;
        var basis = SymmetricEigen.Decompose(Matrix64.Multiply(q, false, q, true)).Vectors;
        double[] values = kind switch
        {
            0 => [.. Enumerable.Range(0, n).Select(i => Math.Pow(10, -12.0 * i / n))],         // graded over 12 decades
            1 => [.. Enumerable.Range(0, n).Select(i => (double)(i % 3))],                      // three huge clusters
            2 => [.. Enumerable.Range(0, n).Select(i => 1 + (1e-13 * i))],                      // one cluster 1e-13 wide
            3 => [.. Enumerable.Range(0, n).Select(i => i < 250 ? 0.0 : 1e4 * random.NextDouble())], // AlphaEdit-like null space
            4 => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1e-300 : 1.0)],            // tiny next to unit
            _ => [.. Enumerable.Range(0, n).Select(i => Math.Sign(i - 150) * Math.Pow(2, i % 40))],
        };
        var scaled = basis.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) scaled[i, j] *= values[j];
        }

        // A = Q·diag(values)·Qᵀ, symmetrised against rounding.
        var a = Matrix64.Multiply(scaled, false, basis, true);
        var sym = a.Add(a.Transpose());
        for (int i = 0; i < n * n; i++) sym.Data[i] *= 0.5;

        var eigen = SymmetricEigen.Decompose(sym);

        var back = eigen.Vectors.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) back[i, j] *= eigen.Values[j];
        }

        double residual = Matrix64.Multiply(back, false, eigen.Vectors, true).Add(sym, -1).FrobeniusNorm() / sym.FrobeniusNorm();
        double orthogonality = Matrix64.Multiply(eigen.Vectors, true, eigen.Vectors, false).Add(Matrix64.Identity(n), -1).FrobeniusNorm();
        Assert.True(residual < 1e-12, $"residual {residual:E2}");
        Assert.True(orthogonality < 1e-12, $"orthogonality {orthogonality:E2}");
    }
}
