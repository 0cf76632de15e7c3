namespace Amend.Tensors;

/// <summary>Copies between strided views and contiguous float32 buffers, widening half types on the way.</summary>
internal static class StridedCopy
{
    /// <summary>Writes the elements of <paramref name="source"/> in row-major order into <paramref name="destination"/>.</summary>
    public static void Gather(Tensor source, Span<float> destination)
    {
        if (source.IsContiguous)
        {
            source.Storage.Widen(source.Offset, destination[..source.ElementCount]);
            return;
        }

        var rows = new RowCursor(source.Shape, source.Strides, source.Offset);
        var storage = source.Storage;
        for (int written = 0; rows.MoveNext(); written += rows.Length)
        {
            if (rows.Stride == 1)
            {
                storage.Widen(rows.Start, destination.Slice(written, rows.Length));
                continue;
            }

            for (int j = 0; j < rows.Length; j++) destination[written + j] = storage.Read(rows.Start + (j * rows.Stride));
        }
    }

    /// <summary>Writes row-major <paramref name="source"/> values into the float32 view <paramref name="destination"/>.</summary>
    public static void Scatter(ReadOnlySpan<float> source, Tensor destination)
    {
        var data = destination.Storage.Single ?? throw new TensorShapeException("Scatter", $"destination must be Float32, not {destination.DType}");
        if (destination.IsContiguous)
        {
            source[..destination.ElementCount].CopyTo(data.AsSpan(destination.Offset));
            return;
        }

        var rows = new RowCursor(destination.Shape, destination.Strides, destination.Offset);
        for (int read = 0; rows.MoveNext(); read += rows.Length)
        {
            for (int j = 0; j < rows.Length; j++) data[rows.Start + (j * rows.Stride)] = source[read + j];
        }
    }

    /// <summary>Adds row-major <paramref name="source"/> values into the float32 view <paramref name="destination"/>, whose rows are contiguous (a narrowed contiguous tensor).</summary>
    public static void ScatterAdd(ReadOnlySpan<float> source, Tensor destination)
    {
        var data = destination.Storage.Single ?? throw new TensorShapeException("ScatterAdd", $"destination must be Float32, not {destination.DType}");
        var rows = new RowCursor(destination.Shape, destination.Strides, destination.Offset);
        Debug.Assert(rows.Stride == 1, "ScatterAdd needs contiguous rows");
        for (int read = 0; rows.MoveNext(); read += rows.Length)
        {
            var row = data.AsSpan(rows.Start, rows.Length);
            System.Numerics.Tensors.TensorPrimitives.Add(row, source.Slice(read, rows.Length), row);
        }
    }

    /// <summary>Walks the innermost rows of a strided layout in row-major order.</summary>
    private struct RowCursor
    {
        private readonly Shape _shape;
        private readonly int[] _strides;
        private readonly int[] _counter;
        private readonly int _rows;
        private int _visited;

        public RowCursor(Shape shape, int[] strides, int offset)
        {
            _shape = shape;
            _strides = strides;
            _counter = new int[Math.Max(shape.Rank - 1, 0)];
            _rows = shape.ElementCount == 0 ? 0 : shape.Rank == 0 ? 1 : shape.CountRange(0, shape.Rank - 1);
            Length = shape.Rank == 0 ? 1 : shape[-1];
            Stride = shape.Rank == 0 ? 1 : strides[shape.Rank - 1];
            Start = offset;
            _visited = -1;
        }

        public int Start { get; private set; }

        public int Length { get; }

        public int Stride { get; }

        public bool MoveNext()
        {
            if (++_visited >= _rows) return false;
            if (_visited == 0) return true;
            for (int axis = _counter.Length - 1; axis >= 0; axis--)
            {
                _counter[axis]++;
                Start += _strides[axis];
                if (_counter[axis] < _shape[axis]) break;
                Start -= _counter[axis] * _strides[axis];
                _counter[axis] = 0;
            }

            return true;
        }
    }
}
