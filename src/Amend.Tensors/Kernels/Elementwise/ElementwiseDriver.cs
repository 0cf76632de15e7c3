namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>A whole-span transform such as TensorPrimitives.Exp: y[i] = f(x[i]).</summary>
internal delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);

/// <summary>
/// The one driver of elementwise operations: shapes and broadcasting, strided (non-contiguous) and
/// half-precision inputs, chunking across threads for large outputs. Results are new contiguous
/// float32 tensors; nothing is recorded for autograd here (the calling Tensor method does that).
/// </summary>
internal static class ElementwiseDriver
{
    /// <summary>op(a, b) with NumPy broadcasting.</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast; the message names <paramref name="op"/> and both shapes.</exception>
    public static Tensor Binary<TOp>(Tensor a, Tensor b, string op)
        where TOp : IBinaryOperator
    {
        var shape = a.Shape.Equals(b.Shape) ? a.Shape : Shape.Broadcast(a.Shape, b.Shape, op);
        var result = Output(shape.ElementCount);
        if (result.Length == 0) return Tensor.Wrap(result, shape);
        Tensor x = Float32(a), y = Float32(b);
        var layout = BroadcastLayout.Of(shape, x, y);
        float[] xs = x.Storage.Single!, ys = y.Storage.Single!;
        Chunks.For(result.Length, 1, (start, end) =>
        {
            var cursor = new BroadcastCursor(layout, start);
            while (cursor.Position < end)
            {
                int n = cursor.SegmentLength(end);
                BinaryRow<TOp>(xs, cursor.Start(0), layout.InnerStride(0), ys, cursor.Start(1), layout.InnerStride(1), result.AsSpan(cursor.Position, n));
                cursor.Advance(n);
            }
        });
        return Tensor.Wrap(result, shape);
    }

    /// <summary>op(x) element by element.</summary>
    public static Tensor Unary<TOp>(Tensor x)
        where TOp : IUnaryOperator
        => Map(x, SpanKernels.Apply<TOp>);

    /// <summary><paramref name="map"/> applied over x's elements in row-major order, chunk by chunk.</summary>
    public static Tensor Map(Tensor x, SpanMap map)
    {
        var (data, offset) = Contiguous(x);
        var result = Output(x.ElementCount);
        Chunks.For(result.Length, 1, (start, end) => map(data.AsSpan(offset + start, end - start), result.AsSpan(start, end - start)));
        return Tensor.Wrap(result, x.Shape);
    }

    /// <summary>condition ≠ 0 ? a : b, the three broadcast together (NaN counts as nonzero).</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast.</exception>
    public static Tensor Select(Tensor condition, Tensor a, Tensor b, string op)
    {
        var shape = Shape.Broadcast(Shape.Broadcast(condition.Shape, a.Shape, op), b.Shape, op);
        var result = Output(shape.ElementCount);
        if (result.Length == 0) return Tensor.Wrap(result, shape);
        Tensor c = Float32(condition), x = Float32(a), y = Float32(b);
        var layout = BroadcastLayout.Of(shape, c, x, y);
        float[] cs = c.Storage.Single!, xs = x.Storage.Single!, ys = y.Storage.Single!;
        Chunks.For(result.Length, 1, (start, end) =>
        {
            var cursor = new BroadcastCursor(layout, start);
            while (cursor.Position < end)
            {
                int n = cursor.SegmentLength(end);
                int ci = cursor.Start(0), xi = cursor.Start(1), yi = cursor.Start(2);
                int cStep = layout.InnerStride(0), xStep = layout.InnerStride(1), yStep = layout.InnerStride(2);
                var d = result.AsSpan(cursor.Position, n);
                for (int j = 0; j < n; j++) d[j] = cs[ci + (j * cStep)] != 0f ? xs[xi + (j * xStep)] : ys[yi + (j * yStep)];
                cursor.Advance(n);
            }
        });
        return Tensor.Wrap(result, shape);
    }

    /// <summary>The storage array and start of x's elements in row-major order, copying only when x is strided or half precision.</summary>
    public static (float[] Data, int Offset) Contiguous(Tensor x)
        => x.DType == DType.Float32 && x.IsContiguous ? (x.Storage.Single!, x.Offset) : (x.ToArray(), 0);

    /// <summary>
    /// A result buffer that the caller overwrites entirely: large arrays skip the zeroing that a plain
    /// <c>new float[n]</c> pays for (a full extra pass over memory on the large-object heap).
    /// </summary>
    public static float[] Output(int length) => GC.AllocateUninitializedArray<float>(length);

    /// <summary>x itself when stored as float32 (any strides), else a widened contiguous copy.</summary>
    private static Tensor Float32(Tensor x) => x.DType == DType.Float32 ? x : Tensor.Wrap(x.ToArray(), x.Shape);

    private static void BinaryRow<TOp>(float[] x, int xi, int xStep, float[] y, int yi, int yStep, Span<float> d)
        where TOp : IBinaryOperator
    {
        int n = d.Length;
        if (xStep == 1 && yStep == 1) SpanKernels.Apply<TOp>(x.AsSpan(xi, n), y.AsSpan(yi, n), d);
        else if (xStep == 1 && yStep == 0) SpanKernels.Apply<TOp>(x.AsSpan(xi, n), y[yi], d);
        else if (xStep == 0 && yStep == 1) SpanKernels.Apply<TOp>(x[xi], y.AsSpan(yi, n), d);
        else
        {
            for (int j = 0; j < n; j++) d[j] = TOp.Invoke(x[xi + (j * xStep)], y[yi + (j * yStep)]);
        }
    }
}
