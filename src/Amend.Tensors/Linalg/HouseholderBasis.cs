namespace Amend.Tensors.Linalg;

/// <summary>
/// Applies Q = H₀·H₁⋯H_{n−3}, the reflectors that <see cref="Tridiagonalization.Reduce"/> left in its work
/// matrix, without forming it. Reflectors go in panels of <see cref="PanelWidth"/> as one block reflector
/// H_{k0}⋯H_{k0+b−1} = I − V·T·Vᵀ (compact WY form, Schreiber and Van Loan 1989), so the 2n³ flops of
/// X·Qᵀ for an n×n X run in <see cref="Gemm64"/> rather than as matrix-vector products.
/// </summary>
internal static class HouseholderBasis
{
    private const int PanelWidth = 128;

    /// <summary>
    /// X ← X·Qᵀ for the view <paramref name="x"/> of <paramref name="rows"/> × n: for X = Zᵀ the result is (Q·Z)ᵀ,
    /// and for X = the transposes of some of Z's columns, the same rows of it.
    /// </summary>
    public static void MultiplyByTransposeOnRight(double[] w, int n, double[] tau, int rows, MatrixView x)
    {
        // Qᵀ = P_lastᵀ⋯P₀ᵀ for panels P = I − V·T·Vᵀ: X is right-multiplied by the last panel's transpose first.
        int reflectors = n - 2;
        if (reflectors <= 0 || rows == 0) return;
        for (int k0 = (reflectors - 1) / PanelWidth * PanelWidth; k0 >= 0; k0 -= PanelWidth)
        {
            ApplyPanel(w, n, tau, k0, Math.Min(PanelWidth, reflectors - k0), rows, x);
        }
    }

    // X ← X·(I − V·T·Vᵀ)ᵀ = X − (X·V)·(V·T)ᵀ; V has rows only beyond k0, so only columns k0+1.. change.
    // U = V·T is m×b, so folding T in costs 2·m·b² flops in GEMM, where Y·Tᵀ row by row took n·b²
    // latency-bound scalar multiply-adds (a third of this method's time at n = 3072).
    private static void ApplyPanel(double[] w, int n, double[] tau, int k0, int b, int rows, MatrixView all)
    {
        int m = n - k0 - 1;
        var v = new MatrixView(PanelVectors(w, n, k0, b, m), 0, b);
        var t = new MatrixView(TriangularFactor(v, m, b, tau.AsSpan(k0, b)), 0, b);
        var u = new MatrixView(new double[m * b], 0, b);
        Gemm64.Multiply(m, b, b, 1.0, v, t, u, accumulate: false);
        var x = all.Slice(0, k0 + 1);
        var y = new MatrixView(new double[rows * b], 0, b);
        Gemm64.Multiply(rows, b, m, 1.0, x, v, y, accumulate: false);
        Gemm64.Multiply(rows, m, b, -1.0, y, u.T, x, accumulate: true);
    }

    // V (m×b): column j is v_{k0+j} restricted to rows k0+1..n−1, i.e. zeros, a 1 at row j, then the stored tail.
    private static double[] PanelVectors(double[] w, int n, int k0, int b, int m)
    {
        var v = new double[m * b];
        for (int j = 0; j < b; j++)
        {
            v[(j * b) + j] = 1;
            int row = (k0 + j) * n;
            for (int i = j + 1; i < m; i++) v[(i * b) + j] = w[row + k0 + 1 + i];
        }

        return v;
    }

    // T (b×b, upper) with H_{k0}⋯H_{k0+b−1} = I − V·T·Vᵀ: T_jj = τ_j and T[0..j, j] = −τ_j·T[0..j, 0..j]·(Vᵀv_j)[0..j].
    private static double[] TriangularFactor(MatrixView v, int m, int b, ReadOnlySpan<double> tau)
    {
        var gram = new double[b * b];
        Gemm64.Multiply(b, b, m, 1.0, v.T, v, new MatrixView(gram, 0, b), accumulate: false);
        var t = new double[b * b];
        for (int j = 0; j < b; j++)
        {
            t[(j * b) + j] = tau[j];
            for (int r = 0; r < j; r++)
            {
                double sum = 0;
                for (int l = r; l < j; l++) sum += t[(r * b) + l] * gram[(l * b) + j];
                t[(r * b) + j] = -tau[j] * sum;
            }
        }

        return t;
    }
}
