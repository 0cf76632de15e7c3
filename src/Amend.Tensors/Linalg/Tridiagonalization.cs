using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, Qᵀ·A·Q = T (Golub and Van Loan §8.3.1).
/// Step k reflects row k right of the diagonal onto its first entry with H_k = I − τ_k·v_k·v_kᵀ, then
/// updates the trailing block B ← H_k·B·H_k as B − v·wᵀ − w·vᵀ with p = τ·B·v, w = p − (τ/2)(pᵀv)·v.
/// Only the upper triangle is read (row-major, so every row piece is contiguous).
/// </summary>
/// <remarks>
/// Blocked as LAPACK's dsytrd is: the updates of a panel of <see cref="PanelWidth"/> steps are kept as the
/// vectors V and W and applied to the trailing block once, as a rank-2·<see cref="PanelWidth"/> update in
/// <see cref="Gemm64"/>. Within the panel, each step updates only the row it reflects, and corrects B·v for
/// the updates not yet applied: B·v = B₀·v − V·(Wᵀv) − W·(Vᵀv). So each step reads the trailing block
/// once (B₀·v, bound by memory bandwidth) and writes nothing to it; the unblocked reduction also wrote it
/// back every step. Half the 4n³/3 flops move into GEMM. Panels of 32 measured best at n = 3072 (16, 48
/// and 64 within 10% of it, 128 about 30% slower: the per-step corrections grow with the width). The
/// product B₀·v reads four rows side by side and splits the rows into a fixed
/// number of equal-area chunks, each with its own accumulator summed in chunk order, so results do not
/// depend on thread scheduling. The lower triangle is used as scratch: the panel updates write the
/// diagonal blocks whole.
/// </remarks>
internal static class Tridiagonalization
{
    private const int PanelWidth = 32;
    private const int Chunks = 8;
    private const int ParallelRows = 256;
    private const int RowsAtOnce = 4;

    // Rows of the trailing block per GEMM of the panel update: the blocks left of the diagonal are not
    // needed, so smaller blocks waste fewer flops there, larger ones make larger products.
    private const int UpdateRows = 256;

    /// <summary>
    /// Reduces the n×n matrix in <paramref name="w"/> (row-major, upper triangle used, lower one overwritten as scratch). On return
    /// <paramref name="diagonal"/> (n) and <paramref name="offDiagonal"/> (n, last entry 0) hold T, and row k
    /// of <paramref name="w"/> holds v_k's entries k+2..n−1 in the same columns (v_k[k+1] = 1, earlier
    /// entries 0) with τ_k in <paramref name="tau"/> (n; zero where no reflection was needed).
    /// </summary>
    public static void Reduce(double[] w, int n, double[] diagonal, double[] offDiagonal, double[] tau)
    {
        Array.Clear(offDiagonal);
        Array.Clear(tau);
        var panel = new Panel(n);
        for (int k0 = 0; k0 < n - 2; k0 += PanelWidth)
        {
            int width = Math.Min(PanelWidth, n - 2 - k0);
            for (int j = 0; j < width; j++) Step(w, n, k0 + j, j, diagonal, offDiagonal, tau, panel);
            UpdateTrailingBlock(w, n, k0 + width, width, panel);
        }

        for (int i = Math.Max(0, n - 2); i < n; i++) diagonal[i] = w[(i * n) + i];
        if (n >= 2) offDiagonal[n - 2] = w[((n - 2) * n) + n - 1];
    }

    // Step k, the panel's j-th: brings row k up to date, reflects it, and leaves v_k in V[j] and w_k in W[j].
    private static void Step(double[] w, int n, int k, int j, double[] diagonal, double[] offDiagonal, double[] tau, Panel panel)
    {
        var row = w.AsSpan((k * n) + k, n - k);
        for (int t = 0; t < j; t++)
        {
            TensorPrimitives.MultiplyAdd(panel.W(t, k), -panel.V(t, k)[0], row, row);
            TensorPrimitives.MultiplyAdd(panel.V(t, k), -panel.W(t, k)[0], row, row);
        }

        double[] v = panel.VectorV(j), p = panel.VectorW(j);
        Reflect(w, n, k, diagonal, offDiagonal, tau, v);
        int first = k + 1;
        SymmetricProduct(w, n, first, v, panel.Accumulators, p);
        Span<double> pTail = p.AsSpan(first), vTail = v.AsSpan(first);
        for (int t = 0; t < j; t++)
        {
            double wv = TensorPrimitives.Dot<double>(panel.W(t, first), vTail), vv = TensorPrimitives.Dot<double>(panel.V(t, first), vTail);
            TensorPrimitives.MultiplyAdd(panel.V(t, first), -wv, pTail, pTail);
            TensorPrimitives.MultiplyAdd(panel.W(t, first), -vv, pTail, pTail);
        }

        FinishUpdateVector(n, first, tau[k], v, p);
    }

    // Householder vector for row k: x = A[k, k+1..]; H·x = β·e₁ with β = −sign(x₀)·‖x‖, τ = (β − x₀)/β, v = (1, x₁..)/(x₀ − β).
    private static void Reflect(double[] w, int n, int k, double[] diagonal, double[] offDiagonal, double[] tau, double[] v)
    {
        var x = w.AsSpan((k * n) + k + 1, n - k - 1);
        double alpha = x[0], tailSquares = TensorPrimitives.SumOfSquares<double>(x[1..]);
        diagonal[k] = w[(k * n) + k];
        Array.Clear(v, 0, k + 1);
        v[k + 1] = 1;
        if (tailSquares == 0)
        {
            (offDiagonal[k], tau[k]) = (alpha, 0);
            v.AsSpan(k + 2).Clear();
            return;
        }

        double beta = -Math.CopySign(Math.Sqrt((alpha * alpha) + tailSquares), alpha);
        (offDiagonal[k], tau[k]) = (beta, (beta - alpha) / beta);
        TensorPrimitives.Divide(x[1..], alpha - beta, x[1..]);
        x[1..].CopyTo(v.AsSpan(k + 2));
        x[0] = beta;
    }

    // B ← B − V·Wᵀ − W·Vᵀ for the block from row and column s on, as one GEMM of depth 2·width per block of
    // rows: [V W]·[W V]ᵀ, two overlapping windows of the stacked [V W V], from the diagonal rightwards.
    private static void UpdateTrailingBlock(double[] w, int n, int s, int width, Panel panel)
    {
        var stacked = panel.Stacked(width, s);
        for (int i0 = s; i0 < n; i0 += UpdateRows)
        {
            int rows = Math.Min(UpdateRows, n - i0);
            var a = new MatrixView(stacked, i0, n).T;
            var b = new MatrixView(stacked, (width * n) + i0, n);
            Gemm64.Multiply(rows, n - i0, 2 * width, -1.0, a, b, new MatrixView(w, (i0 * n) + i0, n), accumulate: true);
        }
    }

    // p[first..] = B·v for the trailing block from row and column first on, upper triangle stored.
    private static void SymmetricProduct(double[] w, int n, int first, double[] v, double[][] accumulators, double[] result)
    {
        ForEachChunk(n, first, (chunk, start, end) =>
        {
            var sum = accumulators[chunk];
            Array.Clear(sum, first, n - first);
            int i = start;
            for (; i + RowsAtOnce <= end; i += RowsAtOnce) AccumulateRows(w, n, i, v, sum);
            for (; i < end; i++) AccumulateRow(w, n, i, v, sum);
        });
        SumChunks(n, first, accumulators, result);
    }

    // Row i's share of sum = B·v: sum_i += a_ii·v_i + Σ_j a_ij·v_j and sum_j += a_ij·v_i (j > i).
    private static void AccumulateRow(double[] w, int n, int i, double[] v, double[] sum)
    {
        var right = w.AsSpan((i * n) + i + 1, n - i - 1);
        sum[i] += (w[(i * n) + i] * v[i]) + TensorPrimitives.Dot<double>(right, v.AsSpan(i + 1));
        var tail = sum.AsSpan(i + 1);
        TensorPrimitives.MultiplyAdd(right, v[i], tail, tail);
    }

    // AccumulateRow for rows i..i+3 in one pass: four rows of B read side by side keep four memory streams
    // in flight (one per thread reads about half the bandwidth here), and sum is read and written once for
    // all four. The 4×4 diagonal block goes element by element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRows(double[] w, int n, int i, double[] v, double[] sum)
    {
        for (int r = 0; r < RowsAtOnce; r++)
        {
            int row = (i + r) * n;
            sum[i + r] += w[row + i + r] * v[i + r];
            for (int c = r + 1; c < RowsAtOnce; c++)
            {
                sum[i + r] += w[row + i + c] * v[i + c];
                sum[i + c] += w[row + i + c] * v[i + r];
            }
        }

        int j = i + RowsAtOnce;
        if (j >= n) return;
        var (e0, e1, e2, e3) = Vector512.IsHardwareAccelerated
            ? RowsTail<Lanes512, Vector512<double>>(w, n, i, j, v, sum)
            : RowsTail<LanesVector, Vector<double>>(w, n, i, j, v, sum);
        (sum[i], sum[i + 1], sum[i + 2], sum[i + 3]) = (sum[i] + e0, sum[i + 1] + e1, sum[i + 2] + e2, sum[i + 3] + e3);
    }

    // Columns j0..n−1 of rows i..i+3: sum_j += Σ_r v_{i+r}·a_{i+r,j}; returns Σ_j a_{i+r,j}·v_j for each r.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double, double, double, double) RowsTail<TL, TV>(double[] w, int n, int i, int j0, double[] v, double[] sum)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int count = TL.Count, length = n - j0, j = 0;
        ref double a0 = ref w[(i * n) + j0], a1 = ref w[((i + 1) * n) + j0], a2 = ref w[((i + 2) * n) + j0], a3 = ref w[((i + 3) * n) + j0];
        ref double vv = ref v[j0], s = ref sum[j0];
        TV x0 = TL.Broadcast(v[i]), x1 = TL.Broadcast(v[i + 1]), x2 = TL.Broadcast(v[i + 2]), x3 = TL.Broadcast(v[i + 3]);
        TV d0 = default, d1 = default, d2 = default, d3 = default;
        for (; j <= length - count; j += count)
        {
            TV b0 = TL.Load(ref Unsafe.Add(ref a0, j)), b1 = TL.Load(ref Unsafe.Add(ref a1, j));
            TV b2 = TL.Load(ref Unsafe.Add(ref a2, j)), b3 = TL.Load(ref Unsafe.Add(ref a3, j));
            TV vj = TL.Load(ref Unsafe.Add(ref vv, j));
            (d0, d1, d2, d3) = (TL.MultiplyAdd(b0, vj, d0), TL.MultiplyAdd(b1, vj, d1), TL.MultiplyAdd(b2, vj, d2), TL.MultiplyAdd(b3, vj, d3));
            ref double sj = ref Unsafe.Add(ref s, j);
            TL.Store(TL.MultiplyAdd(x3, b3, TL.MultiplyAdd(x2, b2, TL.MultiplyAdd(x1, b1, TL.MultiplyAdd(x0, b0, TL.Load(ref sj))))), ref sj);
        }

        var (e0, e1, e2, e3) = (TL.Sum(d0), TL.Sum(d1), TL.Sum(d2), TL.Sum(d3));
        for (; j < length; j++)
        {
            double c0 = Unsafe.Add(ref a0, j), c1 = Unsafe.Add(ref a1, j), c2 = Unsafe.Add(ref a2, j), c3 = Unsafe.Add(ref a3, j), vj = Unsafe.Add(ref vv, j);
            (e0, e1, e2, e3) = (e0 + (c0 * vj), e1 + (c1 * vj), e2 + (c2 * vj), e3 + (c3 * vj));
            Unsafe.Add(ref s, j) += (v[i] * c0) + (v[i + 1] * c1) + (v[i + 2] * c2) + (v[i + 3] * c3);
        }

        return (e0, e1, e2, e3);
    }

    // Turns p = B·v (entries first..) into w = τ·p − (τ²/2)(pᵀv)·v.
    private static void FinishUpdateVector(int n, int first, double tau, double[] v, double[] p)
    {
        Array.Clear(p, 0, first);
        Span<double> pTail = p.AsSpan(first), vTail = v.AsSpan(first);
        TensorPrimitives.Multiply(pTail, tau, pTail);
        double correction = -0.5 * tau * TensorPrimitives.Dot<double>(pTail, vTail);
        TensorPrimitives.MultiplyAdd(vTail, correction, pTail, pTail);
    }

    private static void SumChunks(int n, int first, double[][] accumulators, double[] result)
    {
        var target = result.AsSpan(first, n - first);
        accumulators[0].AsSpan(first, n - first).CopyTo(target);
        for (int c = 1; c < accumulators.Length; c++) TensorPrimitives.Add(target, accumulators[c].AsSpan(first, n - first), target);
    }

    // Rows first..n−1 in Chunks pieces of equal upper-triangle area (rows shorten towards the bottom).
    private static void ForEachChunk(int n, int first, Action<int, int, int> body)
    {
        int rows = n - first;
        int Boundary(int c) => c == Chunks ? n : n - (int)Math.Round(rows * Math.Sqrt(1.0 - ((double)c / Chunks)));
        if (rows < ParallelRows)
        {
            for (int c = 0; c < Chunks; c++) body(c, Boundary(c), Boundary(c + 1));
            return;
        }

        Parallel.For(0, Chunks, c => body(c, Boundary(c), Boundary(c + 1)));
    }

    /// <summary>
    /// A panel's vectors v_t and w_t, each n long, the stacked copies the trailing update multiplies, and
    /// the per-chunk accumulators of B₀·v.
    /// </summary>
    private sealed class Panel(int n)
    {
        private readonly double[][] v = Enumerable.Range(0, PanelWidth).Select(_ => new double[n]).ToArray();
        private readonly double[][] w = Enumerable.Range(0, PanelWidth).Select(_ => new double[n]).ToArray();
        private readonly double[] stacked = new double[3 * PanelWidth * n];

        public double[][] Accumulators { get; } = Enumerable.Range(0, Chunks).Select(_ => new double[n]).ToArray();

        public double[] VectorV(int t) => v[t];

        public double[] VectorW(int t) => w[t];

        public ReadOnlySpan<double> V(int t, int from) => v[t].AsSpan(from);

        public ReadOnlySpan<double> W(int t, int from) => w[t].AsSpan(from);

        // [V W V] as 3·width rows of n, entries from column s on: rows 0..2·width are [V W] and rows
        // width..3·width are [W V], and row r of the first times row r of the second, summed over r, is V·Wᵀ + W·Vᵀ.
        public double[] Stacked(int width, int s)
        {
            for (int t = 0; t < width; t++)
            {
                V(t, s).CopyTo(stacked.AsSpan((t * n) + s));
                W(t, s).CopyTo(stacked.AsSpan(((width + t) * n) + s));
                V(t, s).CopyTo(stacked.AsSpan((((2 * width) + t) * n) + s));
            }

            return stacked;
        }
    }
}
