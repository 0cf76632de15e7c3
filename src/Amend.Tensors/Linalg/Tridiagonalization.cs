using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, Qᵀ·A·Q = T (Golub and Van Loan §8.3.1).
/// Step k reflects row k right of the diagonal onto its first entry with H_k = I − τ_k·v_k·v_kᵀ, then
/// updates the trailing block B ← H_k·B·H_k as B − v·wᵀ − w·vᵀ with p = τ·B·v, w = p − (τ/2)(pᵀv)·v.
/// Only the upper triangle is read and written (row-major, so every row piece is contiguous).
/// </summary>
/// <remarks>
/// The work is matrix-vector (4n³/3 flops over memory), so it is bound by memory bandwidth. To read
/// the trailing block once per step instead of twice, the rank-2 update of step k and the product
/// B·v of step k+1 are fused into one pass over each row. Rows are split into a fixed number of
/// equal-area chunks, each with its own accumulator summed in chunk order, so results do not depend
/// on thread scheduling.
/// </remarks>
internal static class Tridiagonalization
{
    private const int Chunks = 8;
    private const int ParallelRows = 256;

    /// <summary>
    /// Reduces the n×n matrix in <paramref name="w"/> (row-major, upper triangle used). On return
    /// <paramref name="diagonal"/> (n) and <paramref name="offDiagonal"/> (n, last entry 0) hold T, and row k
    /// of <paramref name="w"/> holds v_k's entries k+2..n−1 in the same columns (v_k[k+1] = 1, earlier
    /// entries 0) with τ_k in <paramref name="tau"/> (n; zero where no reflection was needed).
    /// </summary>
    public static void Reduce(double[] w, int n, double[] diagonal, double[] offDiagonal, double[] tau)
    {
        Array.Clear(offDiagonal);
        Array.Clear(tau);
        if (n >= 3)
        {
            var steps = new StepVectors(n);
            Reflect(w, n, 0, diagonal, offDiagonal, tau, steps.V);
            SymmetricProduct(w, n, 1, steps.V, steps.Accumulators, steps.W);
            FinishUpdateVector(n, 1, tau[0], steps.V, steps.W);
            for (int k = 0; k < n - 2; k++) Step(w, n, k, diagonal, offDiagonal, tau, steps);
        }

        for (int i = Math.Max(0, n - 2); i < n; i++) diagonal[i] = w[(i * n) + i];
        if (n >= 2) offDiagonal[n - 2] = w[((n - 2) * n) + n - 1];
    }

    // Applies step k's update (steps.V, steps.W) to rows k+1.. and prepares step k+1 in the same pass.
    private static void Step(double[] w, int n, int k, double[] diagonal, double[] offDiagonal, double[] tau, StepVectors steps)
    {
        UpdateRow(w, n, k + 1, steps.V, steps.W);
        if (k + 1 > n - 3)
        {
            UpdateRow(w, n, n - 1, steps.V, steps.W);
            return;
        }

        Reflect(w, n, k + 1, diagonal, offDiagonal, tau, steps.NextV);
        var (v, u, nextV, accumulators) = (steps.V, steps.W, steps.NextV, steps.Accumulators);
        int first = k + 2;
        ForEachChunk(n, first, (chunk, start, end) =>
        {
            var sum = accumulators[chunk];
            Array.Clear(sum, first, n - first);
            for (int i = start; i < end; i++) UpdateAndAccumulateRow(w, n, i, v, u, nextV, sum);
        });
        SumChunks(n, first, accumulators, steps.NextW);
        FinishUpdateVector(n, first, tau[k + 1], nextV, steps.NextW);
        steps.Advance();
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

    // Row i of the trailing block, columns i..n−1: a_ij −= v_i·u_j + u_i·v_j.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateRow(double[] w, int n, int i, double[] v, double[] u)
    {
        var row = w.AsSpan((i * n) + i, n - i);
        TensorPrimitives.MultiplyAdd(u.AsSpan(i), -v[i], row, row);
        TensorPrimitives.MultiplyAdd(v.AsSpan(i), -u[i], row, row);
    }

    // UpdateRow then AccumulateRow(nextV) in one pass over the row: it is read and written once, not four times.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateAndAccumulateRow(double[] w, int n, int i, double[] v, double[] u, double[] nextV, double[] sum)
    {
        ref double diagonal = ref w[(i * n) + i];
        diagonal -= 2 * v[i] * u[i];
        var right = w.AsSpan((i * n) + i + 1, n - i - 1);
        var (vi, ui, nvi) = (v[i], u[i], nextV[i]);
        double dot = Vector512.IsHardwareAccelerated
            ? FusedTail<Lanes512, Vector512<double>>(right, u.AsSpan(i + 1), v.AsSpan(i + 1), nextV.AsSpan(i + 1), sum.AsSpan(i + 1), vi, ui, nvi)
            : FusedTail<LanesVector, Vector<double>>(right, u.AsSpan(i + 1), v.AsSpan(i + 1), nextV.AsSpan(i + 1), sum.AsSpan(i + 1), vi, ui, nvi);
        sum[i] += (diagonal * nvi) + dot;
    }

    // For each j: a_j −= v_i·u_j + u_i·v_j; sum_j += nv_i·a_j; returns Σ a_j·nv_j.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FusedTail<TL, TV>(Span<double> row, ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> nextV, Span<double> sum, double vi, double ui, double nvi)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int count = TL.Count, j = 0;
        TV minusVi = TL.Broadcast(-vi), minusUi = TL.Broadcast(-ui), scale = TL.Broadcast(nvi), dots = default;
        ref double a = ref MemoryMarshal.GetReference(row), uu = ref MemoryMarshal.GetReference(u), vv = ref MemoryMarshal.GetReference(v);
        ref double nv = ref MemoryMarshal.GetReference(nextV), s = ref MemoryMarshal.GetReference(sum);
        for (; j <= row.Length - count; j += count)
        {
            ref double aj = ref Unsafe.Add(ref a, j), sj = ref Unsafe.Add(ref s, j);
            TV updated = TL.MultiplyAdd(minusVi, TL.Load(ref Unsafe.Add(ref uu, j)), TL.MultiplyAdd(minusUi, TL.Load(ref Unsafe.Add(ref vv, j)), TL.Load(ref aj)));
            TL.Store(updated, ref aj);
            dots = TL.MultiplyAdd(updated, TL.Load(ref Unsafe.Add(ref nv, j)), dots);
            TL.Store(TL.MultiplyAdd(scale, updated, TL.Load(ref sj)), ref sj);
        }

        double dot = TL.Sum(dots);
        for (; j < row.Length; j++)
        {
            double updated = row[j] - (vi * u[j]) - (ui * v[j]);
            row[j] = updated;
            dot += updated * nextV[j];
            sum[j] += nvi * updated;
        }

        return dot;
    }

    // Row i's share of sum = B·v with B symmetric and only its upper triangle stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRow(double[] w, int n, int i, double[] v, double[] sum)
    {
        var right = w.AsSpan((i * n) + i + 1, n - i - 1);
        sum[i] += (w[(i * n) + i] * v[i]) + TensorPrimitives.Dot<double>(right, v.AsSpan(i + 1));
        var tail = sum.AsSpan(i + 1);
        TensorPrimitives.MultiplyAdd(right, v[i], tail, tail);
    }

    private static void SymmetricProduct(double[] w, int n, int first, double[] v, double[][] accumulators, double[] result)
    {
        ForEachChunk(n, first, (chunk, start, end) =>
        {
            Array.Clear(accumulators[chunk], first, n - first);
            for (int i = start; i < end; i++) AccumulateRow(w, n, i, v, accumulators[chunk]);
        });
        SumChunks(n, first, accumulators, result);
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

    /// <summary>Vectors of the current and the next step, swapped after each step, plus per-chunk accumulators.</summary>
    private sealed class StepVectors(int n)
    {
        public double[] V { get; private set; } = new double[n];

        public double[] W { get; private set; } = new double[n];

        public double[] NextV { get; private set; } = new double[n];

        public double[] NextW { get; private set; } = new double[n];

        public double[][] Accumulators { get; } = Enumerable.Range(0, Chunks).Select(_ => new double[n]).ToArray();

        public void Advance() => (V, W, NextV, NextW) = (NextV, NextW, V, W);
    }
}
