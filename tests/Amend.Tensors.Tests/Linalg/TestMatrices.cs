using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

/// <summary>Seeded random matrices with known structure, and residual measures for the linear-algebra tests.</summary>
internal static class TestMatrices
{
    public static Matrix64 Random(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix64(rows, cols);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = (2 * random.NextDouble()) - 1;
        return m;
    }

    public static Matrix64 Symmetric(int n, int seed)
    {
        var a = Random(n, n, seed);
        return a.Add(a.Transpose()).Add(a, 0);
    }

    /// <summary>G·Gᵀ/n + shift·I for a random G: SPD with condition number about (4 + shift)/shift.</summary>
    public static Matrix64 Spd(int n, int seed, double shift = 0.1)
    {
        var g = Random(n, n, seed);
        var gram = Matrix64.Multiply(g, false, g, true);
        var data = gram.Data.Select(x => x / n).ToArray();
        return new Matrix64(n, n, data).AddToDiagonal(shift);
    }

    /// <summary>The Hilbert matrix 1/(i + j + 1): SPD and notoriously ill-conditioned (cond ≈ 1.5e7 at n = 6).</summary>
    public static Matrix64 Hilbert(int n)
    {
        var h = new Matrix64(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) h[i, j] = 1.0 / (i + j + 1);
        }

        return h;
    }

    /// <summary>‖actual − expected‖_F / ‖expected‖_F (or the absolute norm when expected is zero).</summary>
    public static double RelativeError(Matrix64 expected, Matrix64 actual)
    {
        double difference = actual.Add(expected, -1).FrobeniusNorm(), scale = expected.FrobeniusNorm();
        return scale == 0 ? difference : difference / scale;
    }

    public static void AssertClose(Matrix64 expected, Matrix64 actual, double tolerance, string what)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        double error = RelativeError(expected, actual);
        Assert.True(error <= tolerance, $"{what}: relative Frobenius error {error:G3} exceeds {tolerance:G3} ({expected})");
    }
}
