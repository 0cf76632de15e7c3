namespace Amend.Tensors.Linalg;

/// <summary>
/// The eigenproblem of D + ρ·z·zᵀ (D diagonal with strictly increasing entries d, ρ &gt; 0, no z_j zero), the
/// merge step of <see cref="TridiagonalDivideAndConquer"/>. Its eigenvalues are the roots of the secular
/// equation f(λ) = 1 + ρ·Σ z_j²/(d_j − λ) = 0, one in each (d_i, d_{i+1}) and the last in
/// (d_{k−1}, d_{k−1} + ρ‖z‖²). Each root is kept as λ_i = d_{o_i} + τ_i from the pole d_{o_i} nearer to it,
/// so every difference d_j − λ_i = (d_j − d_{o_i}) − τ_i keeps its relative accuracy even when λ_i nearly
/// meets a pole: the eigenvectors are built from those differences.
/// </summary>
internal static class SecularEquation
{
    private const double Epsilon = 2.220446049250313e-16;
    private const int MaxIterations = 200;

    // Below this many roots the merge runs on the calling thread: its work is smaller than a hand-off.
    private const int ParallelRoots = 128;

    /// <summary>Each root i as its pole index <c>Origin[i]</c> and offset <c>Tau[i]</c> (λ_i = d[Origin[i]] + Tau[i]), ascending.</summary>
    public static (int[] Origin, double[] Tau) Roots(double[] d, double[] z, double rho)
    {
        int k = d.Length;
        var (origin, tau) = (new int[k], new double[k]);
        double[] z2 = [.. z.Select(x => x * x)];
        double total = z2.Sum();
        if (k == 1) return ([0], [rho * total]);
        For(k, () => new double[k], (i, delta) =>
        {
            int o = k - 1;
            double lo = 0, hi = rho * total;
            if (i < k - 1)
            {
                // The sign of f at the midpoint says which half holds the root, and so which pole is nearer.
                double half = (d[i + 1] - d[i]) / 2;
                Differences(d, i, delta);
                bool leftHalf = Evaluate(delta, z2, rho, half).Value >= 0;
                (o, lo, hi) = leftHalf ? (i, 0.0, half) : (i + 1, -half, 0.0);
            }

            Differences(d, o, delta);
            origin[i] = o;
            tau[i] = Solve(delta, z2, rho, lo, hi);
        });
        return (origin, tau);
    }

    /// <summary>
    /// The vector ẑ for which the computed roots are the exact eigenvalues of D + ρ·ẑ·ẑᵀ (Löwner's formula,
    /// Gu and Eisenstat 1995), with the signs of z: eigenvectors built from ẑ are orthogonal to working
    /// accuracy however close the roots are, which vectors built from z are not.
    /// </summary>
    public static double[] LoewnerVector(double[] d, double[] z, double rho, int[] origin, double[] tau)
    {
        int k = d.Length;
        var zhat = new double[k];
        For(k, () => Array.Empty<double>(), (j, _) =>
        {
            double w = ((d[origin[j]] - d[j]) + tau[j]) / rho;
            for (int i = 0; i < k; i++)
            {
                if (i != j) w *= ((d[origin[i]] - d[j]) + tau[i]) / (d[i] - d[j]);
            }

            zhat[j] = Math.CopySign(Math.Sqrt(w), z[j]);
        });
        return zhat;
    }

    /// <summary>
    /// Writes the unit eigenvector of root i, (D − λ_i)⁻¹·ẑ normalised, into row i of <paramref name="rows"/>
    /// (k×k, row-major), its entry j at column <paramref name="column"/>[j].
    /// </summary>
    public static void Eigenvectors(double[] d, double[] zhat, int[] origin, double[] tau, int[] column, double[] rows)
    {
        int k = d.Length;
        For(k, () => Array.Empty<double>(), (i, _) =>
        {
            var row = rows.AsSpan(i * k, k);
            double pole = d[origin[i]], sum = 0;
            for (int j = 0; j < k; j++)
            {
                double u = zhat[j] / ((d[j] - pole) - tau[i]);
                row[column[j]] = u;
                sum += u * u;
            }

            double scale = 1 / Math.Sqrt(sum);
            for (int j = 0; j < k; j++) row[j] *= scale;
        });
    }

    // τ in (lo, hi) with f(pole + τ) = 0, f increasing there: Newton steps, kept inside a bracket that every
    // evaluation narrows, and bisection when a step would leave it. Stops when f is within its own rounding
    // error (LAPACK dlaed4's bound) or the bracket can shrink no further.
    private static double Solve(double[] delta, double[] z2, double rho, double lo, double hi)
    {
        double tau = (lo + hi) / 2;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (f, slope, magnitude) = Evaluate(delta, z2, rho, tau);
            if (f == 0) return tau;
            if (f > 0) hi = tau;
            else lo = tau;
            if (Math.Abs(f) <= Epsilon * ((8 * (1 + magnitude)) + (3 * Math.Abs(tau) * slope))) return tau;
            double next = tau - (f / slope);
            if (!(next > lo && next < hi)) next = (lo + hi) / 2;
            if (next == tau || next <= lo || next >= hi) return tau;
            tau = next;
        }

        return tau;
    }

    // f(pole + τ) = 1 + ρ·Σ z_j²/(δ_j − τ), its derivative, and ρ·Σ |z_j²/(δ_j − τ)| (the scale of its rounding error).
    private static (double Value, double Slope, double Magnitude) Evaluate(double[] delta, double[] z2, double rho, double tau)
    {
        double sum = 0, slope = 0, magnitude = 0;
        for (int j = 0; j < delta.Length; j++)
        {
            double inverse = 1 / (delta[j] - tau), term = z2[j] * inverse;
            sum += term;
            slope += term * inverse;
            magnitude += Math.Abs(term);
        }

        return (1 + (rho * sum), rho * slope, rho * magnitude);
    }

    private static void Differences(double[] d, int pole, double[] delta)
    {
        for (int j = 0; j < d.Length; j++) delta[j] = d[j] - d[pole];
    }

    // Runs body(i, scratch) for i in 0..count, in parallel for large merges; each thread gets its own scratch.
    private static void For(int count, Func<double[]> scratch, Action<int, double[]> body)
    {
        if (count < ParallelRoots)
        {
            var buffer = scratch();
            for (int i = 0; i < count; i++) body(i, buffer);
            return;
        }

        Parallel.For(0, count, scratch, (i, _, buffer) =>
        {
            body(i, buffer);
            return buffer;
        }, _ => { });
    }
}
