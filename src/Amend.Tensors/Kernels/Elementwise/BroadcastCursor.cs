namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>
/// Walks a <see cref="BroadcastLayout"/> in output order by row segments: a segment is a run of output
/// elements along the row axis, within which each operand advances by its inner stride. Starting at
/// any output position lets parallel chunks begin mid-row.
/// </summary>
internal sealed class BroadcastCursor
{
    private readonly BroadcastLayout _layout;
    private readonly int[] _counter;
    private readonly int[] _rowStart;
    private int _column;

    /// <summary>A cursor at output element <paramref name="position"/> (row-major).</summary>
    public BroadcastCursor(BroadcastLayout layout, int position)
    {
        _layout = layout;
        _counter = new int[layout.Dims.Length - 1];
        _rowStart = (int[])layout.Offsets.Clone();
        Position = position;
        _column = position % layout.Inner;
        int row = position / layout.Inner;
        for (int axis = _counter.Length - 1; axis >= 0; axis--)
        {
            _counter[axis] = row % layout.Dims[axis];
            row /= layout.Dims[axis];
            for (int k = 0; k < _rowStart.Length; k++) _rowStart[k] += _counter[axis] * layout.Strides[k][axis];
        }
    }

    /// <summary>The output element the current segment starts at.</summary>
    public int Position { get; private set; }

    /// <summary>Elements from here to the end of the row, or to <paramref name="end"/> if sooner.</summary>
    public int SegmentLength(int end) => Math.Min(_layout.Inner - _column, end - Position);

    /// <summary>Storage position of <paramref name="operand"/> at the current element.</summary>
    public int Start(int operand) => _rowStart[operand] + (_column * _layout.InnerStride(operand));

    /// <summary>Moves past a segment of <paramref name="count"/> elements (at most <see cref="SegmentLength"/>).</summary>
    public void Advance(int count)
    {
        Position += count;
        _column += count;
        if (_column < _layout.Inner) return;
        _column = 0;
        for (int axis = _counter.Length - 1; axis >= 0; axis--)
        {
            _counter[axis]++;
            for (int k = 0; k < _rowStart.Length; k++) _rowStart[k] += _layout.Strides[k][axis];
            if (_counter[axis] < _layout.Dims[axis]) return;
            for (int k = 0; k < _rowStart.Length; k++) _rowStart[k] -= _counter[axis] * _layout.Strides[k][axis];
            _counter[axis] = 0;
        }
    }
}
