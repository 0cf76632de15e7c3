using Amend.Tensors.Kernels;

namespace Amend.Tensors.Autograd;

/// <summary>Gradient rules that route dy to chosen input positions: max (to the maxima); index select's scatters into the store's sum (GradientStore.AccumulateIndexed).</summary>
internal static class IndexingBackward
{
    /// <summary>y = max x over some axes: dx = dy at each group's first maximum, 0 elsewhere.</summary>
    public static Tensor Max(Tensor grad, Shape input, MaxContext context)
        => Tensor.Wrap(ReduceKernel.MaxBackward(grad.AsReadOnlySpan(), context.Indices, input, context.Reduced), input);
}
