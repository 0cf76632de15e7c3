using System.Numerics;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Linalg;

/// <summary>
/// The eigenvector matrix Zᵀ (rows = vectors) and the plane rotations the QL iteration applies to it, in
/// batches. Rotation (i, c, s) maps rows i and i+1 to (c·x − s·y, s·x + c·y). Applied one at a time,
/// rotations would stream all of Zᵀ once per QL sweep (~2n sweeps); instead a batch is applied column
/// block by column block, since columns never mix. Each block (n rows × 4 registers) is stored
/// contiguously, so a sweep walks memory sequentially and a block stays in cache for the whole batch.
/// Within a sweep consecutive rotations share a row, which is carried in registers.
/// </summary>
internal sealed class RotationBatch
{
    private readonly int[] _rows;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly double[] _blocks;
    private readonly int _n;
    private int _count;

    /// <summary>Starts from <paramref name="initial"/> (n×n view), copied into column blocks.</summary>
    public RotationBatch(MatrixView initial, int n)
    {
        // Enough rotations per batch that streaming Zᵀ once per batch costs little next to the rotation work.
        int capacity = (int)Math.Clamp(256L * n, 1 << 16, 1 << 22);
        (_rows, _cos, _sin, _n) = (new int[capacity], new double[capacity], new double[capacity], n);
        _blocks = new double[(long)BlockCount(n) * n * BlockWidth];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) _blocks[Index(i, j)] = initial.At(i, j);
        }
    }

    /// <summary>Columns per block: four registers wide.</summary>
    private static int BlockWidth => 4 * (Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector<double>.Count);

    /// <summary>Element (row, col) of Zᵀ; call after <see cref="Flush"/>.</summary>
    public double At(int row, int col) => _blocks[Index(row, col)];

    public void Add(int row, double cos, double sin)
    {
        if (_count == _rows.Length) Flush();
        (_rows[_count], _cos[_count], _sin[_count]) = (row, cos, sin);
        _count++;
    }

    public void Flush()
    {
        if (_count == 0) return;
        int count = _count;
        if (Vector512.IsHardwareAccelerated) Parallel.For(0, BlockCount(_n), b => ApplyBlock<Lanes512, Vector512<double>>(b, count));
        else Parallel.For(0, BlockCount(_n), b => ApplyBlock<LanesVector, Vector<double>>(b, count));
        _count = 0;
    }

    private static int BlockCount(int n) => (n + BlockWidth - 1) / BlockWidth;

    private long Index(int row, int col) => ((long)(col / BlockWidth) * _n * BlockWidth) + ((long)row * BlockWidth) + (col % BlockWidth);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyBlock<TL, TV>(int block, int count)
        where TL : struct, IDoubleLanes<TV>
        where TV : struct
    {
        int w = TL.Count, ld = BlockWidth;
        ref double origin = ref _blocks[(long)block * _n * ld];
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
