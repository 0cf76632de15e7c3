using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors;

/// <summary>Joining tensors: concatenation along an existing axis and stacking along a new one.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The tensors joined end to end along <paramref name="axis"/> (torch.cat): every other axis must
    /// agree, and the result's extent along the axis is the sum of theirs. Each input's gradient is its
    /// slice of the result's gradient.
    /// </summary>
    /// <exception cref="TensorShapeException">No tensors are given, the axis is out of range, or the shapes disagree off the axis.</exception>
    public static Tensor Cat(int axis, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new TensorShapeException("Cat", "needs at least one tensor");
        var first = NotNull(tensors[0], "tensors[0]");
        int a = first.CheckedAxis("Cat", axis);
        long total = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = NotNull(tensors[i], $"tensors[{i}]");
            if (t.Rank != first.Rank || !first.Shape.EqualExceptAxis(t.Shape, a, t.Shape[a]))
            {
                throw new TensorShapeException("Cat", $"tensor {i} has shape {t.Shape} but tensor 0 has {first.Shape}; all axes except {a} must agree");
            }

            total += t.Shape[a];
        }

        if (total > int.MaxValue) throw new TensorShapeException("Cat", $"axis {a} would have {total} elements, more than an extent can hold");
        int extent = (int)total;
        var dims = first.Shape.ToArray();
        dims[a] = extent;
        var shape = Shape.Of("Cat", dims);
        var result = ElementwiseDriver.Output(shape.ElementCount);
        int outer = shape.CountRange(0, a), inner = shape.CountRange(a + 1, shape.Rank), placed = 0;
        foreach (var t in tensors)
        {
            var source = t.AsReadOnlySpan();
            int block = t.Shape[a] * inner;
            for (int o = 0; o < outer; o++) source.Slice(o * block, block).CopyTo(result.AsSpan(((o * extent) + placed) * inner, block));
            placed += t.Shape[a];
        }

        return Record(Wrap(result, shape), OpKind.Cat, new ConcatContext(a), (Tensor[])tensors.Clone());
    }

    /// <summary>
    /// The tensors, all of one shape, stacked along a new axis at <paramref name="axis"/> (0..Rank;
    /// negative counts from the end of the result's axes), as torch.stack.
    /// </summary>
    /// <exception cref="TensorShapeException">No tensors are given, the shapes differ, or the axis is out of range.</exception>
    public static Tensor Stack(int axis, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new TensorShapeException("Stack", "needs at least one tensor");
        var shape = NotNull(tensors[0], "tensors[0]").Shape;
        for (int i = 1; i < tensors.Length; i++)
        {
            if (!NotNull(tensors[i], $"tensors[{i}]").Shape.Equals(shape))
            {
                throw new TensorShapeException("Stack", $"tensor {i} has shape {tensors[i].Shape} but tensor 0 has {shape}; stacked tensors must have equal shapes");
            }
        }

        int a = axis < 0 ? axis + shape.Rank + 1 : axis;
        if (a < 0 || a > shape.Rank) throw new TensorShapeException("Stack", $"axis {axis} is out of range for stacking tensors of shape {shape}");
        return Cat(a, Array.ConvertAll(tensors, t => t.Unsqueeze(a)));
    }

    /// <summary>Backward of Cat: the view of <paramref name="grad"/> that input <paramref name="index"/> was copied to.</summary>
    internal static Tensor CatSlice(Tensor grad, Tensor[] inputs, int axis, int index)
    {
        int start = 0;
        for (int j = 0; j < index; j++) start += inputs[j].Shape[axis];
        return grad.NarrowView(axis, start, inputs[index].Shape[axis]);
    }
}
