using System.Numerics.Tensors;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors.Kernels;

// x: (d₀, …, dₙ₋₁) with reduced[i] marking the axes collapsed. K = Π kept extents, R = Π reduced
// extents; results are (K) row-major over the kept axes. Max indices are positions within a reduced
// block, row-major over the reduced axes.

/// <summary>Sum and max over any set of axes, forward and backward (backward of Sum is a broadcast, in Tensor.Reduce.cs).</summary>
internal static class ReduceKernel
{
    /// <summary>Columns accumulated together in the (R, K) layout, so each row read uses whole cache lines.</summary>
    private const int ColumnBlock = 64;

    /// <summary>Σ over the reduced axes.</summary>
    public static float[] Sum(Tensor x, bool[] reduced)
    {
        var b = Arrange(x, reduced, allowReducedOuter: true);
        if (b.ReducedInner)
        {
            var sums = ElementwiseDriver.Output(b.Kept);
            Chunks.For(b.Kept, b.Reduced, (start, end) =>
            {
                for (int k = start; k < end; k++) sums[k] = TensorPrimitives.Sum(b.Data.AsSpan(b.Offset + (k * b.Reduced), b.Reduced));
            });
            return sums;
        }

        // (R, K) layout (reduced axes lead, as in a bias gradient): add the R rows into the result.
        var result = new float[b.Kept];
        int blocks = (int)(((long)b.Kept + ColumnBlock - 1) / ColumnBlock);
        Chunks.For(blocks, ColumnBlock * b.Reduced, (start, end) =>
        {
            int from = start * ColumnBlock, count = (int)(Math.Min(b.Kept, (long)end * ColumnBlock) - from);
            var accumulator = result.AsSpan(from, count);
            for (int r = 0; r < b.Reduced; r++) SpanKernels.Apply<AddOperator>(accumulator, b.Data.AsSpan(b.Offset + (r * b.Kept) + from, count), accumulator);
        });
        return result;
    }

    /// <summary>max over the reduced axes, and where the first maximum of each block is (NaN counts as the maximum, as in torch).</summary>
    /// <exception cref="TensorShapeException">A reduced axis is empty.</exception>
    public static (float[] Values, int[] Indices) Max(Tensor x, bool[] reduced, string op)
    {
        var b = Arrange(x, reduced, allowReducedOuter: false);
        if (b.Reduced == 0 && b.Kept > 0) throw new TensorShapeException(op, $"cannot take the maximum over an empty axis of shape {x.Shape}");
        var values = ElementwiseDriver.Output(b.Kept);
        var indices = new int[b.Kept];
        Chunks.For(b.Kept, b.Reduced, (start, end) =>
        {
            for (int k = start; k < end; k++)
            {
                var block = b.Data.AsSpan(b.Offset + (k * b.Reduced), b.Reduced);
                int index = FirstMaximum(block);
                (values[k], indices[k]) = (block[index], index);
            }
        });
        return (values, indices);
    }

    /// <summary>Backward of <see cref="Max"/>: dx is dy at each block's recorded maximum and 0 elsewhere.</summary>
    public static float[] MaxBackward(ReadOnlySpan<float> grad, int[] indices, Shape input, bool[] reduced)
    {
        var strides = input.ContiguousStrides();
        var result = new float[input.ElementCount];
        for (int k = 0; k < grad.Length; k++)
        {
            result[Position(k, input, strides, reduced, false) + Position(indices[k], input, strides, reduced, true)] = grad[k];
        }

        return result;
    }

    /// <summary>Storage position of a row-major <paramref name="index"/> over the axes whose reduced flag equals <paramref name="ofReduced"/>.</summary>
    private static int Position(int index, Shape shape, int[] strides, bool[] reduced, bool ofReduced)
    {
        int position = 0;
        for (int axis = shape.Rank - 1; axis >= 0; axis--)
        {
            if (reduced[axis] != ofReduced) continue;
            position += index % shape[axis] * strides[axis];
            index /= shape[axis];
        }

        return position;
    }

    /// <summary>
    /// The elements as (K, R) row-major blocks, or (R, K) when allowed and the reduced axes already lead:
    /// in place for contiguous float32 input whose axes are already grouped, else a copy of the
    /// permuted view (kept axes first).
    /// </summary>
    private static Blocks Arrange(Tensor x, bool[] reduced, bool allowReducedOuter)
    {
        int kept = 1, count = 1;
        for (int i = 0; i < x.Rank; i++)
        {
            if (reduced[i]) count *= x.Shape[i];
            else kept *= x.Shape[i];
        }

        if (x.DType == DType.Float32 && x.IsContiguous)
        {
            if (Grouped(x.Shape, reduced, reducedLast: true)) return new(x.Storage.Single!, x.Offset, kept, count, true);
            if (allowReducedOuter && Grouped(x.Shape, reduced, reducedLast: false)) return new(x.Storage.Single!, x.Offset, kept, count, false);
        }

        var order = Enumerable.Range(0, x.Rank).OrderBy(i => reduced[i]).ToArray();
        var view = new Tensor(x.Storage, new Shape(Array.ConvertAll(order, i => x.Shape[i])), Array.ConvertAll(order, i => x.Strides[i]), x.Offset);
        return new(view.ToArray(), 0, kept, count, true);
    }

    /// <summary>Whether no axis of the leading group follows one of the trailing group (extent-1 axes do not count).</summary>
    private static bool Grouped(Shape shape, bool[] reduced, bool reducedLast)
    {
        bool inTrailingGroup = false;
        for (int i = 0; i < shape.Rank; i++)
        {
            if (shape[i] == 1) continue;
            bool trailing = reduced[i] == reducedLast;
            if (inTrailingGroup && !trailing) return false;
            inTrailingGroup |= trailing;
        }

        return true;
    }

    /// <summary>Elements from Data[Offset] as (K, R) blocks when ReducedInner, else as (R, K).</summary>
    private readonly record struct Blocks(float[] Data, int Offset, int Kept, int Reduced, bool ReducedInner);

    /// <summary>
    /// Index of the first largest element, NaN counting as the largest. <see cref="TensorPrimitives.IndexOfMax{T}(ReadOnlySpan{T})"/>
    /// ranks +0 above −0; torch treats them as tied, so the first zero wins.
    /// </summary>
    private static int FirstMaximum(ReadOnlySpan<float> block)
    {
        int index = TensorPrimitives.IndexOfMax(block);
        return block[index] == 0f ? FirstZero(block, index) : index;
    }

    private static int FirstZero(ReadOnlySpan<float> block, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            if (block[i] == 0f) return i;
        }

        return limit;
    }
}
