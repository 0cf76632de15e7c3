using Amend.Tensors.Kernels;

namespace Amend.Tensors.Autograd;

/// <summary>Gradient rules that route dy to chosen input positions: max (to the maxima) and index select (to the indices).</summary>
internal static class IndexingBackward
{
    /// <summary>y = max x over some axes: dx = dy at each group's first maximum, 0 elsewhere.</summary>
    public static Tensor Max(Tensor grad, Shape input, MaxContext context)
        => Tensor.Wrap(ReduceKernel.MaxBackward(grad.AsReadOnlySpan(), context.Indices, input, context.Reduced), input);

    /// <summary>y = x[…, idx, …] along an axis: dx = zeros with dy's slices added at idx (repeats accumulate).</summary>
    public static Tensor IndexSelect(Tensor grad, Shape input, IndexContext context)
    {
        var result = new float[input.ElementCount];
        int axis = context.Axis;
        IndexKernel.ScatterAdd(result, input[axis], input.CountRange(axis + 1, input.Rank), context.Indices, grad.AsReadOnlySpan());
        return Tensor.Wrap(result, input);
    }
}
