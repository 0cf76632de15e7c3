using Amend.Tensors.Autograd;

namespace Amend.Tensors;

/// <summary>Views: new shapes and strides over the same storage, copying only when the layout forbids a view.</summary>
public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape; one extent may be -1 (inferred). A view when the layout allows, else a copy.</summary>
    /// <exception cref="TensorShapeException">The element counts differ, or more than one extent is -1.</exception>
    public Tensor Reshape(params int[] dims) => Reshape(InferShape(dims ?? throw new ArgumentNullException(nameof(dims))));

    /// <summary>The same elements in a new shape; a view when the layout allows, else a copy.</summary>
    public Tensor Reshape(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.ElementCount != ElementCount) throw new TensorShapeException("Reshape", $"cannot reshape {Shape} ({ElementCount} elements) to {shape} ({shape.ElementCount} elements)");
        if (shape.Equals(Shape)) return this;
        var strides = ViewStrides(shape);
        var source = strides is null ? Contiguous() : this;
        var view = new Tensor(source.Storage, shape, strides ?? shape.ContiguousStrides(), source.Offset);
        return Record(view, OpKind.Reshape, null, this);
    }

    /// <summary>
    /// Strides that lay <paramref name="shape"/> over this tensor's elements in place, or null when none do. The axes
    /// fall into runs that step through storage as one (an axis's stride is the next one's times that one's extent);
    /// the new extents must split and merge within those runs, never across the gap between two of them.
    /// </summary>
    private int[]? ViewStrides(Shape shape)
    {
        if (ElementCount == 0 || IsContiguous) return shape.ContiguousStrides();

        // Axes of extent 1 hold no elements and may carry any stride: they neither join nor break a run.
        var extents = new List<int>(Rank);
        var steps = new List<int>(Rank);
        for (int i = 0; i < Rank; i++)
        {
            if (Shape[i] == 1) continue;
            extents.Add(Shape[i]);
            steps.Add(Strides[i]);
        }

        var strides = new int[shape.Rank];
        int next = shape.Rank - 1;
        for (int axis = extents.Count - 1; axis >= 0; axis--)
        {
            int innerStride = steps[axis];
            long runCount = extents[axis];
            while (axis > 0 && steps[axis - 1] == runCount * innerStride) runCount *= extents[--axis];

            long viewCount = 1;
            while (next >= 0 && (viewCount < runCount || shape[next] == 1))
            {
                strides[next] = (int)(viewCount * innerStride);
                viewCount *= shape[next--];
            }

            if (viewCount != runCount) return null;
        }

        return next < 0 ? strides : null;
    }

    /// <summary>Reorders the axes: result axis i is this tensor's axis <paramref name="axes"/>[i]. Always a view.</summary>
    public Tensor Permute(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != Rank) throw new TensorShapeException("Permute", $"{axes.Length} axes given for tensor of shape {Shape}");
        var normalized = Array.ConvertAll(axes, axis => CheckedAxis("Permute", axis));
        var dims = new int[Rank];
        var strides = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = normalized[i];
            if (seen[a]) throw new TensorShapeException("Permute", $"axis {a} repeated in {Shape.Format(axes)} for shape {Shape}");
            seen[a] = true;
            dims[i] = Shape[a];
            strides[i] = Strides[a];
        }

        return Record(new Tensor(Storage, new Shape(dims), strides, Offset), OpKind.Permute, normalized, this);
    }

    /// <summary>Swaps two axes (a view).</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var axes = new int[Rank];
        for (int i = 0; i < Rank; i++) axes[i] = i;
        int a = CheckedAxis("Transpose", axis0), b = CheckedAxis("Transpose", axis1);
        (axes[a], axes[b]) = (axes[b], axes[a]);
        return Permute(axes);
    }

    /// <summary>Swaps the last two axes (a view): the matrix transpose of each matrix in a batch.</summary>
    public Tensor TransposeLast()
    {
        if (Rank < 2) throw new TensorShapeException("TransposeLast", $"needs at least 2 axes, got {Shape}");
        return Transpose(-2, -1);
    }

    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/>+<paramref name="length"/>-1 along <paramref name="axis"/> (a view).</summary>
    /// <exception cref="TensorShapeException">The range leaves the axis.</exception>
    public Tensor Narrow(int axis, int start, int length)
    {
        int a = CheckedAxis("Narrow", axis);
        return Record(NarrowView(a, start, length), OpKind.Narrow, new NarrowContext(a, start), this);
    }

    /// <summary>Inserts an axis of extent 1 at <paramref name="axis"/> (0..Rank; negative counts from the end).</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = axis < 0 ? axis + Rank + 1 : axis;
        if (a < 0 || a > Rank) throw new TensorShapeException("Unsqueeze", $"axis {axis} out of range for shape {Shape}");
        var dims = Shape.ToArray().ToList();
        dims.Insert(a, 1);
        return Reshape(dims.ToArray());
    }

    /// <summary>Removes an axis of extent 1.</summary>
    public Tensor Squeeze(int axis)
    {
        int a = CheckedAxis("Squeeze", axis);
        if (Shape[a] != 1) throw new TensorShapeException("Squeeze", $"axis {axis} of shape {Shape} has extent {Shape[a]}, not 1");
        var dims = Shape.ToArray().ToList();
        dims.RemoveAt(a);
        return Reshape(dims.ToArray());
    }

    /// <summary>Broadcasts to <paramref name="shape"/> (NumPy rules) as a view with zero strides on the repeated axes.</summary>
    public Tensor Expand(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (Shape.Broadcast(Shape, shape, "Expand") is var b && !b.Equals(shape)) throw new TensorShapeException("Expand", $"cannot expand {Shape} to {shape}");
        if (shape.Equals(Shape)) return this;
        var strides = new int[shape.Rank];
        int lead = shape.Rank - Rank;
        for (int i = lead; i < shape.Rank; i++) strides[i] = Shape[i - lead] == 1 ? 0 : Strides[i - lead];
        return Record(new Tensor(Storage, shape, strides, Offset), OpKind.Expand, null, this);
    }

    /// <summary>This tensor if its elements are already row-major without gaps, else a float32 copy that is.</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        return Record(Wrap(ToArray(), Shape), OpKind.Copy, null, this);
    }

    /// <summary>A contiguous float32 tensor with the same values (this one when it already is).</summary>
    public Tensor ToFloat32()
    {
        if (DType == DType.Float32 && IsContiguous) return this;
        return Record(Wrap(ToArray(), Shape), OpKind.Copy, null, this);
    }

    /// <summary>A copy stored as <paramref name="dtype"/> (rounding to nearest even for half types). Not differentiable.</summary>
    public Tensor ToDType(DType dtype)
    {
        if (!Enum.IsDefined(dtype)) throw new ArgumentOutOfRangeException(nameof(dtype), $"ToDType: unknown dtype {dtype}");
        var values = ToArray();
        if (dtype == DType.Float32) return Wrap(values, Shape);
        var bits = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = dtype == DType.Float16 ? BitConverter.HalfToUInt16Bits((Half)values[i]) : BFloat16.FromSingle(values[i]);
        }

        return WrapHalfBits(bits, dtype, Shape);
    }

    /// <summary>The narrowed view without recording it (backward uses it to pad gradients).</summary>
    internal Tensor NarrowView(int axis, int start, int length)
    {
        long end = (long)start + length;
        if (start < 0 || length < 0 || end > Shape[axis]) throw new TensorShapeException("Narrow", $"range [{start}, {end}) is outside axis {axis} of shape {Shape}");
        var dims = Shape.ToArray();
        dims[axis] = length;
        var shape = new Shape(dims);

        // An empty view keeps its offset: stepping past the last element of an empty axis would leave storage.
        return new Tensor(Storage, shape, Strides, shape.ElementCount == 0 ? Offset : Offset + (start * Strides[axis]));
    }

    /// <summary>A contiguous float32 span over this tensor's elements, copying only when needed.</summary>
    internal ReadOnlySpan<float> AsReadOnlySpan()
    {
        if (DType == DType.Float32 && IsContiguous) return Storage.Single.AsSpan(Offset, ElementCount);
        return ToArray();
    }

    private Shape InferShape(int[] dims)
    {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < -1) throw new TensorShapeException("Reshape", $"extent {dims[i]} in {Shape.Format(dims)} is negative (only one -1, for an inferred extent, is allowed)");
            if (dims[i] == -1)
            {
                if (inferred >= 0) throw new TensorShapeException("Reshape", $"more than one -1 in {Shape.Format(dims)}");
                inferred = i;
            }
            else
            {
                // Capped past any element count, so the product cannot wrap (and then cannot divide one).
                known = Math.Min(known * dims[i], (long)int.MaxValue + 1);
            }
        }

        // Without a -1 the capped product equals the element count exactly when the shapes hold as many elements;
        // with one, the others' product must divide it.
        bool fits = inferred < 0 ? known == ElementCount : known != 0 && ElementCount % known == 0;
        if (!fits) throw new TensorShapeException("Reshape", $"cannot reshape {Shape} ({ElementCount} elements) to {Shape.Format(dims)}");
        if (inferred < 0) return new Shape(dims);
        var resolved = (int[])dims.Clone();
        resolved[inferred] = (int)(ElementCount / known);
        return new Shape(resolved);
    }
}
