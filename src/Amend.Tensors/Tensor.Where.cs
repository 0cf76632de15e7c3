using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors;

/// <summary>Choosing elements by a mask.</summary>
/// <remarks>
/// Masks are tensors (any dtype) read as booleans: nonzero (NaN included) is true, 0 is false. They
/// broadcast like any operand and receive no gradient.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>
    /// condition ≠ 0 ? a : b element by element, the three broadcast together (torch.where). The gradient
    /// flows to <paramref name="a"/> where the condition holds and to <paramref name="b"/> elsewhere.
    /// </summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast; the message names Where and the two shapes that disagree.</exception>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Record(ElementwiseDriver.Select(condition, a, b, "Where"), OpKind.Where, null, condition, a, b);
    }

    /// <summary>
    /// This tensor with <paramref name="value"/> where <paramref name="mask"/> ≠ 0 (torch's masked_fill),
    /// e.g. a causal mask of -∞ over attention scores. The mask broadcasts to this shape; the gradient
    /// flows where the mask is 0.
    /// </summary>
    /// <exception cref="TensorShapeException">The mask does not broadcast to this tensor's shape.</exception>
    public Tensor MaskedFill(Tensor mask, float value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!Shape.Broadcast(mask.Shape, Shape, "MaskedFill").Equals(Shape))
        {
            throw new TensorShapeException("MaskedFill", $"mask {mask.Shape} does not broadcast to the tensor's shape {Shape}");
        }

        return Where(mask, Scalar(value), this);
    }
}
