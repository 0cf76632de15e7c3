using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Reductions over axes: sum, mean, max and argmax.</summary>
/// <remarks>
/// Axes may be negative (counted from the end) and given in any order. With keepDim the reduced axes
/// stay as extent 1 (so the result broadcasts against the input); without it they are removed, and
/// reducing every axis gives a rank-0 tensor.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>Σ of all elements, as a rank-0 tensor.</summary>
    public Tensor Sum() => Sum(AllAxes());

    /// <summary>Σ over <paramref name="axis"/>.</summary>
    /// <exception cref="TensorShapeException">The axis is out of range.</exception>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Σ over <paramref name="axes"/>; an empty list reduces nothing (unlike torch, where it reduces everything).</summary>
    /// <exception cref="TensorShapeException">An axis is out of range or repeated.</exception>
    public Tensor Sum(int[] axes, bool keepDim = false)
    {
        var reduced = ReducedAxes("Sum", axes);
        var kept = KeptShape(reduced);
        var result = Wrap(ReduceKernel.Sum(this, reduced), keepDim ? kept : DroppedShape(reduced));
        return Record(result, OpKind.Sum, kept, this);
    }

    /// <summary>Arithmetic mean of all elements, as a rank-0 tensor (NaN when there are none).</summary>
    public Tensor Mean() => Mean(AllAxes());

    /// <summary>Arithmetic mean over <paramref name="axis"/>.</summary>
    /// <exception cref="TensorShapeException">The axis is out of range.</exception>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>Arithmetic mean over <paramref name="axes"/>: their sum times 1/n, n the number of elements reduced together.</summary>
    /// <exception cref="TensorShapeException">An axis is out of range or repeated.</exception>
    public Tensor Mean(int[] axes, bool keepDim = false)
    {
        var reduced = ReducedAxes("Mean", axes);
        int count = 1;
        for (int i = 0; i < Rank; i++) count *= reduced[i] ? Shape[i] : 1;
        return Sum(axes, keepDim).MulScalar(1f / count);
    }

    /// <summary>Largest element, as a rank-0 tensor; the gradient goes to the first largest element.</summary>
    /// <exception cref="TensorShapeException">The tensor is empty.</exception>
    public Tensor Max() => Max(AllAxes());

    /// <summary>Largest element along <paramref name="axis"/>; see <see cref="Max(int[], bool)"/>.</summary>
    public Tensor Max(int axis, bool keepDim = false) => Max([axis], keepDim);

    /// <summary>
    /// Largest element over <paramref name="axes"/>. NaN counts as largest. The gradient goes to the first
    /// maximum of each reduced group in row-major order (torch's choice for ties), zero elsewhere.
    /// </summary>
    /// <exception cref="TensorShapeException">An axis is out of range, repeated, or empty.</exception>
    public Tensor Max(int[] axes, bool keepDim = false)
    {
        var reduced = ReducedAxes("Max", axes);
        var (values, indices) = ReduceKernel.Max(this, reduced, "Max");
        var result = Wrap(values, keepDim ? KeptShape(reduced) : DroppedShape(reduced));
        return Record(result, OpKind.Max, new MaxContext(reduced, indices), this);
    }

    /// <summary>
    /// Position along <paramref name="axis"/> of the first largest element of each line along it: one index
    /// per element of the other axes, in their row-major order (for a (B, T, V) logits tensor and axis -1,
    /// index b·T + t holds the argmax over V). Not differentiable.
    /// </summary>
    /// <exception cref="TensorShapeException">The axis is out of range or empty.</exception>
    public int[] ArgMax(int axis) => ReduceKernel.Max(this, ReducedAxes("ArgMax", [axis]), "ArgMax").Indices;

    /// <summary>Row-major position of the first largest element among all elements. Not differentiable.</summary>
    /// <exception cref="TensorShapeException">The tensor is empty.</exception>
    public int ArgMax() => ReduceKernel.Max(this, ReducedAxes("ArgMax", AllAxes()), "ArgMax").Indices[0];

    private int[] AllAxes()
    {
        var axes = new int[Rank];
        for (int i = 0; i < Rank; i++) axes[i] = i;
        return axes;
    }

    private bool[] ReducedAxes(string op, int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var reduced = new bool[Rank];
        foreach (int axis in axes)
        {
            int a = CheckedAxis(op, axis);
            if (reduced[a]) throw new TensorShapeException(op, $"axis {axis} given twice in {Shape.Format(axes)} for shape {Shape}");
            reduced[a] = true;
        }

        return reduced;
    }

    /// <summary>The axis in 0..Rank-1, or an exception naming <paramref name="op"/> and the shape.</summary>
    private int CheckedAxis(string op, int axis)
    {
        if (axis < -Rank || axis >= Rank) throw new TensorShapeException(op, $"axis {axis} is out of range for shape {Shape}");
        return axis < 0 ? axis + Rank : axis;
    }

    /// <summary>The shape with the reduced axes set to 1 (keepDim).</summary>
    private Shape KeptShape(bool[] reduced)
    {
        var dims = Shape.ToArray();
        for (int i = 0; i < Rank; i++) dims[i] = reduced[i] ? 1 : dims[i];
        return new Shape(dims);
    }

    /// <summary>The shape without the reduced axes.</summary>
    private Shape DroppedShape(bool[] reduced) => new(Shape.ToArray().Where((_, i) => !reduced[i]).ToArray());
}
