namespace Amend.Tensors.Linalg;

/// <summary>
/// Builds Qᵀ from the reflectors that <see cref="Tridiagonalization.Reduce"/> left in its work matrix,
/// with Q = H₀·H₁⋯H_{n−3}. Reflectors are applied in panels of <see cref="PanelWidth"/> as one block
/// reflector H_{k0}⋯H_{k0+b−1} = I − V·T·Vᵀ (compact WY form, Schreiber and Van Loan 1989), so the
/// 4n³/3 flops run in <see cref="Gemm64"/> rather than as matrix-vector products.
/// </summary>
internal static class HouseholderBasis
{
    private const int PanelWidth = 128;

    /// <summary>Writes Qᵀ into the n×n view <paramref name="qt"/> (row r of Qᵀ is column r of Q).</summary>
    public static void WriteTransposed(double[] w, int n, double[] tau, MatrixView qt)
    {
        for (int i = 0; i < n; i++)
        {
            qt.Row(i, 0, n).Clear();
            qt.At(i, i) = 1;
        }

        // Qᵀ = P_lastᵀ⋯P₀ᵀ for panels P = I − V·T·Vᵀ: start from I and right-multiply by the last panel's transpose first.
        int reflectors = n - 2;
        if (reflectors <= 0) return;
        for (int k0 = (reflectors - 1) / PanelWidth * PanelWidth; k0 >= 0; k0 -= PanelWidth)
        {
            ApplyPanel(w, n, tau, k0, Math.Min(PanelWidth, reflectors - k0), qt);
        }
    }

    // X ← X·(I − V·T·Vᵀ)ᵀ = X − (X·V)·Tᵀ·Vᵀ. The later panels applied so far touch only rows and columns
    // beyond k0 + b, and V only rows beyond k0, so the update is confined to X[k0+1.., k0+1..].
    private static void ApplyPanel(double[] w, int n, double[] tau, int k0, int b, MatrixView qt)
    {
        int m = n - k0 - 1;
        var v = new MatrixView(PanelVectors(w, n, k0, b, m), 0, b);
        double[] t = TriangularFactor(v, m, b, tau.AsSpan(k0, b));
        var x = qt.Slice(k0 + 1, k0 + 1);
        var y = new MatrixView(new double[m * b], 0, b);
        Gemm64.Multiply(m, b, m, 1.0, x, v, y, accumulate: false);
        for (int i = 0; i < m; i++) MultiplyByUpper(t, b, y.Row(i, 0, b));
        Gemm64.Multiply(m, m, b, -1.0, y, v.T, x, accumulate: true);
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

    // y ← T·y for upper-triangular T; ascending j reads only entries not yet overwritten.
    private static void MultiplyByUpper(double[] t, int b, Span<double> y)
    {
        for (int j = 0; j < b; j++)
        {
            double sum = 0;
            for (int l = j; l < b; l++) sum += t[(j * b) + l] * y[l];
            y[j] = sum;
        }
    }
}
