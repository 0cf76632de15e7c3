using Amend.Tensors.Autograd;

namespace Amend.Tensors;

/// <summary>Entry point of reverse-mode differentiation.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this one-element tensor (a loss) with respect to every leaf that
    /// requires grad. The graph is consumed: intermediates are freed as the pass goes.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tensor does not require grad, or has more than one element.</exception>
    public GradientStore Backward()
    {
        if (ElementCount != 1) throw new InvalidOperationException($"Backward: the loss must have one element, got shape {Shape}; pass a seed gradient for other shapes");
        return Backward(Full(Shape, 1f));
    }

    /// <summary>Computes gradients given <paramref name="seed"/> = dL/d(this), of this tensor's shape.</summary>
    public GradientStore Backward(Tensor seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!RequiresGrad) throw new InvalidOperationException("Backward: this tensor does not require grad (no input was marked with RequireGrad, or it was computed under GradMode.Disable)");
        if (!seed.Shape.Equals(Shape)) throw new TensorShapeException("Backward", $"seed shape {seed.Shape} differs from tensor shape {Shape}");
        return Autograd.Backward.Run(this, seed);
    }
}
