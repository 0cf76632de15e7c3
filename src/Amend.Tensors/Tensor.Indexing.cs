using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors;

/// <summary>Selecting and scatter-adding slices by integer indices along one axis, and embedding lookup.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The slices at <paramref name="indices"/> along <paramref name="axis"/>, in that order (torch's
    /// index_select): the result has this shape with that axis' extent replaced by indices.Length.
    /// Indices may repeat. The gradient scatter-adds back (repeated indices accumulate).
    /// </summary>
    /// <exception cref="TensorShapeException">The axis is out of range, or an index lies outside [0, extent); the message names the index and the extent.</exception>
    public Tensor IndexSelect(int axis, int[] indices) => IndexSelect(axis, indices, "IndexSelect");

    /// <summary>
    /// Rows of <paramref name="weight"/> (V, D) picked by token <paramref name="ids"/> laid out as
    /// <paramref name="idsShape"/>: result (idsShape..., D), entry [..., :] = weight[id, :]. The weight
    /// gradient is the scatter-add of the result's gradient rows into their ids' rows.
    /// </summary>
    /// <exception cref="TensorShapeException">The weight is not a matrix, the ids do not fill <paramref name="idsShape"/>, or an id lies outside [0, V).</exception>
    public static Tensor Embedding(Tensor weight, int[] ids, Shape idsShape)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(idsShape);
        if (weight.Rank != 2) throw new TensorShapeException("Embedding", $"weight must be (vocabulary, dim), got {weight.Shape}");
        if (ids.Length != idsShape.ElementCount) throw new TensorShapeException("Embedding", $"{ids.Length} ids cannot fill ids shape {idsShape}");
        return weight.IndexSelect(0, ids, "Embedding").Reshape([.. idsShape.Dims, weight.Shape[1]]);
    }

    /// <summary>
    /// A copy of this tensor with each slice i of <paramref name="source"/> along <paramref name="axis"/>
    /// added into slice indices[i] (torch's index_add; repeated indices accumulate):
    /// result[..., indices[i], ...] += source[..., i, ...]. <paramref name="source"/> has this shape with
    /// that axis' extent equal to indices.Length. Differentiable in both tensors.
    /// </summary>
    /// <exception cref="TensorShapeException">The axis or an index is out of range, or the source shape does not fit.</exception>
    public Tensor ScatterAdd(int axis, int[] indices, Tensor source)
    {
        const string op = "ScatterAdd";
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(source);
        int a = CheckedAxis(op, axis);
        IndexKernel.CheckIndices(op, indices, a, Shape);
        if (!Shape.EqualExceptAxis(source.Shape, a, indices.Length))
        {
            throw new TensorShapeException(op, $"source shape {source.Shape} should be {Shape.Format(DimsWithExtent(a, indices.Length))}: target shape {Shape} with axis {a} of extent {indices.Length}, one slice per index");
        }

        var result = ToArray();
        IndexKernel.ScatterAdd(result, Shape[a], Shape.CountRange(a + 1, Rank), indices, source.AsReadOnlySpan());
        return Record(Wrap(result, Shape), OpKind.ScatterAdd, new IndexContext(a, (int[])indices.Clone()), this, source);
    }

    private Tensor IndexSelect(int axis, int[] indices, string op)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = CheckedAxis(op, axis);
        IndexKernel.CheckIndices(op, indices, a, Shape);
        var shape = WithExtent(op, a, indices.Length);
        var result = ElementwiseDriver.Output(shape.ElementCount);
        int inner = Shape.CountRange(a + 1, Rank);
        if (a == 0 && IsContiguous)
        {
            // Rows straight from storage: a half-precision table (an embedding) is widened row by row, where widening
            // it whole for a few tokens would copy gigabytes on every forward pass.
            for (int j = 0; j < indices.Length; j++) Storage.Widen(Offset + (indices[j] * inner), result.AsSpan(j * inner, inner));
        }
        else
        {
            IndexKernel.Gather(AsReadOnlySpan(), Shape[a], inner, indices, result);
        }

        return Record(Wrap(result, shape), OpKind.IndexSelect, new IndexContext(a, (int[])indices.Clone()), this);
    }

    /// <summary>This shape with <paramref name="axis"/> given extent <paramref name="extent"/>.</summary>
    /// <exception cref="TensorShapeException">That shape has more elements than an array holds; the message names <paramref name="op"/> and this shape.</exception>
    private Shape WithExtent(string op, int axis, int extent) =>
        Shape.Of(op, $"{Shape} with axis {axis} of extent {extent}", DimsWithExtent(axis, extent));

    // This shape's extents with axis given extent, as an array: the shape itself may be too large to exist.
    private int[] DimsWithExtent(int axis, int extent)
    {
        var dims = Shape.ToArray();
        dims[axis] = extent;
        return dims;
    }
}
