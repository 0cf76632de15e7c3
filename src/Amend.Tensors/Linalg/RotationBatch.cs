using System.Numerics;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// Plane rotations recorded by the QL iteration and applied to the eigenvector rows in batches.
/// Rotation (i, c, s) maps rows i and i+1 of Zᵀ to (c·x − s·y, s·x + c·y). Applying rotations one at a
/// time would stream all of Zᵀ once per QL sweep (~2n sweeps); instead a batch is applied column block
/// by column block: columns never mix, and a block of n rows × 4 vectors stays in cache for the whole
/// batch. Within a sweep consecutive rotations share a row, which is carried in registers.
/// </summary>
internal sealed class RotationBatch
{
    private readonly int[] _rows;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly MatrixView _zt;
    private readonly int _n;
    private int _count;

    /// <param name="zt">n×n view of Zᵀ whose row stride is a multiple of <see cref="BlockWidth"/> (padding columns zero).</param>
    /// <param name="n">order of the matrix.</param>
    public RotationBatch(MatrixView zt, int n)
    {
        // Enough rotations per batch that streaming Zᵀ once per batch costs little next to the rotation work.
        int capacity = (int)Math.Clamp(256L * n, 1 << 16, 1 << 22);
        (_rows, _cos, _sin, _zt, _n) = (new int[capacity], new double[capacity], new double[capacity], zt, n);
    }

    /// <summary>Columns per block: four registers wide.</summary>
    public static int BlockWidth => 4 * (Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector<double>.Count);

    public void Add(int row, double cos, double sin)
    {
        if (_count == _rows.Length) Flush();
        (_rows[_count], _cos[_count], _sin[_count]) = (row, cos, sin);
        _count++;
    }

    public void Flush()
    {
        if (_count == 0) return;
        int blocks = (_n + BlockWidth - 1) / BlockWidth, count = _count;
        if (Vector512.IsHardwareAccelerated) Parallel.For(0, blocks, b => ApplyBlock<Lanes512, Vector512<double>>(b * BlockWidth, count));
        else Parallel.For(0, blocks, b => ApplyBlock<LanesVector, Vector<double>>(b * BlockWidth, count));
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyBlock<TL, TV>(int column, int count)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int w = TL.Count, ld = _zt.Ld;
        ref double origin = ref _zt.At(0, column);
        int carried = -1;
        TV k0 = default, k1 = default, k2 = default, k3 = default;
        for (int r = 0; r < count; r++)
        {
            int i = _rows[r];
            ref double upper = ref Unsafe.Add(ref origin, i * ld);
            ref double lower = ref Unsafe.Add(ref upper, ld);
            TV y0, y1, y2, y3;
            if (carried == i + 1)
            {
                (y0, y1, y2, y3) = (k0, k1, k2, k3);
            }
            else
            {
                if (carried >= 0) Store<TL, TV>(ref Unsafe.Add(ref origin, carried * ld), w, k0, k1, k2, k3);
                (y0, y1, y2, y3) = (TL.Load(ref lower), TL.Load(ref Unsafe.Add(ref lower, w)), TL.Load(ref Unsafe.Add(ref lower, 2 * w)), TL.Load(ref Unsafe.Add(ref lower, 3 * w)));
            }

            TV x0 = TL.Load(ref upper), x1 = TL.Load(ref Unsafe.Add(ref upper, w)), x2 = TL.Load(ref Unsafe.Add(ref upper, 2 * w)), x3 = TL.Load(ref Unsafe.Add(ref upper, 3 * w));
            TV c = TL.Broadcast(_cos[r]), s = TL.Broadcast(_sin[r]), minusS = TL.Broadcast(-_sin[r]);
            Store<TL, TV>(ref lower, w, TL.MultiplyAdd(s, x0, TL.Multiply(c, y0)), TL.MultiplyAdd(s, x1, TL.Multiply(c, y1)), TL.MultiplyAdd(s, x2, TL.Multiply(c, y2)), TL.MultiplyAdd(s, x3, TL.Multiply(c, y3)));
            (k0, k1, k2, k3) = (TL.MultiplyAdd(minusS, y0, TL.Multiply(c, x0)), TL.MultiplyAdd(minusS, y1, TL.Multiply(c, x1)), TL.MultiplyAdd(minusS, y2, TL.Multiply(c, x2)), TL.MultiplyAdd(minusS, y3, TL.Multiply(c, x3)));
            carried = i;
        }

        if (carried >= 0) Store<TL, TV>(ref Unsafe.Add(ref origin, carried * ld), w, k0, k1, k2, k3);
    }

    private static void Store<TL, TV>(ref double row, int w, TV a, TV b, TV c, TV d)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        TL.Store(a, ref row);
        TL.Store(b, ref Unsafe.Add(ref row, w));
        TL.Store(c, ref Unsafe.Add(ref row, 2 * w));
        TL.Store(d, ref Unsafe.Add(ref row, 3 * w));
    }
}
