namespace Amend.Tensors.Autograd;

/// <summary>
/// Gradients produced by one <see cref="Tensor.Backward()"/> call, keyed by tensor identity. After the
/// pass it holds the gradients of the leaves that require them; intermediates were dropped as used.
/// </summary>
public sealed class GradientStore
{
    private readonly Dictionary<long, Tensor> _gradients = [];

    /// <summary>Number of gradients held.</summary>
    public int Count => _gradients.Count;

    /// <summary>The gradient of <paramref name="tensor"/>.</summary>
    /// <exception cref="KeyNotFoundException">No gradient reached it (it does not require grad, or the loss does not depend on it).</exception>
    public Tensor this[Tensor tensor] => Get(tensor) ?? throw new KeyNotFoundException($"no gradient for {tensor} (id {tensor.Id}): it does not require grad, or the loss does not depend on it");

    /// <summary>The gradient of <paramref name="tensor"/>, or null when none reached it.</summary>
    public Tensor? Get(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return _gradients.GetValueOrDefault(tensor.Id);
    }

    /// <summary>Adds <paramref name="gradient"/> to what <paramref name="tensor"/> has so far (never in place: earlier gradients may be views of others).</summary>
    internal void Accumulate(Tensor tensor, Tensor gradient, OpKind? producer = null)
    {
        if (!gradient.Shape.Equals(tensor.Shape))
        {
            throw new InvalidOperationException($"backward of {producer?.ToString() ?? "the root"} produced a gradient of shape {gradient.Shape} for a tensor of shape {tensor.Shape}");
        }

        if (_gradients.TryGetValue(tensor.Id, out var existing))
        {
            var sum = existing.ToArray();
            System.Numerics.Tensors.TensorPrimitives.Add(sum, gradient.ToArray(), sum);
            gradient = Tensor.Wrap(sum, tensor.Shape);
        }

        _gradients[tensor.Id] = gradient;
    }

    internal bool Remove(Tensor tensor) => _gradients.Remove(tensor.Id);
}
