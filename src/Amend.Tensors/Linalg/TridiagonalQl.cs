namespace Amend.Tensors.Linalg;

/// <summary>
/// Eigenvalues of a symmetric tridiagonal matrix by the implicit QL iteration with Wilkinson-style shifts
/// (Bowdler, Martin, Reinsch and Wilkinson 1968, "tql1"; Golub and Van Loan §8.3.5). Each sweep chases a
/// bulge from the bottom of the unreduced block up to row l with plane rotations; about 1.5–2 sweeps per
/// eigenvalue, O(n²) in all. (Eigenvectors come from <see cref="TridiagonalDivideAndConquer"/>: applying
/// these rotations to vectors costs 6n³ flops.)
/// </summary>
internal static class TridiagonalQl
{
    private const int MaxSweepsPerEigenvalue = 60;
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <param name="d">diagonal (n); on return the eigenvalues, unsorted.</param>
    /// <param name="e">off-diagonal (n, e[i] couples i and i+1, e[n−1] = 0); destroyed.</param>
    /// <exception cref="ArithmeticException">An eigenvalue did not converge (not seen on finite input).</exception>
    public static void Solve(double[] d, double[] e)
    {
        int n = d.Length;
        for (int l = 0; l < n; l++)
        {
            for (int sweep = 0; ; sweep++)
            {
                int m = FirstNegligibleCoupling(d, e, l);
                if (m == l) break;
                if (sweep == MaxSweepsPerEigenvalue) throw new ArithmeticException($"SymmetricEigen: the QL iteration did not converge for eigenvalue {l} of {n} after {MaxSweepsPerEigenvalue} sweeps");
                Sweep(d, e, l, m);
            }
        }
    }

    // The first m ≥ l whose coupling e[m] is below rounding of its neighbours: the block l..m is unreduced.
    private static int FirstNegligibleCoupling(double[] d, double[] e, int l)
    {
        int n = d.Length, m = l;
        for (; m < n - 1; m++)
        {
            if (Math.Abs(e[m]) <= MachineEpsilon * (Math.Abs(d[m]) + Math.Abs(d[m + 1]))) break;
        }

        return m;
    }

    // One implicit QL step on block l..m with the shift taken from the 2×2 at its top (the eigenvalue
    // of [[d_l, e_l], [e_l, d_l+1]] nearer d_l), chasing the bulge from row m−1 up to row l.
    private static void Sweep(double[] d, double[] e, int l, int m)
    {
        double g = (d[l + 1] - d[l]) / (2 * e[l]);
        double r = double.Hypot(g, 1);
        g = d[m] - d[l] + (e[l] / (g + Math.CopySign(r, g)));
        double s = 1, c = 1, p = 0;
        for (int i = m - 1; i >= l; i--)
        {
            double f = s * e[i], b = c * e[i];
            r = double.Hypot(f, g);
            e[i + 1] = r;
            if (r == 0)
            {
                // The bulge vanished (underflow): the block split at i+1; undo the pending shift and restart.
                d[i + 1] -= p;
                e[m] = 0;
                return;
            }

            (s, c) = (f / r, g / r);
            g = d[i + 1] - p;
            r = ((d[i] - g) * s) + (2 * c * b);
            p = s * r;
            d[i + 1] = g + p;
            g = (c * r) - b;
        }

        d[l] -= p;
        e[l] = g;
        e[m] = 0;
    }
}
