namespace Amend.Tensors.Autograd;

/// <summary>
/// Gradients produced by one <see cref="Tensor.Backward()"/> call, keyed by tensor identity. After the
/// pass it holds the gradients of the leaves that require them; intermediates were dropped as used.
/// </summary>
public sealed class GradientStore
{
    private readonly Dictionary<long, Tensor> _gradients = [];

    // Gradients held here that the store itself allocated and nothing else references: safe to add into.
    private readonly HashSet<Tensor> _sums = new(ReferenceEqualityComparer.Instance);

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

    /// <summary>Adds <paramref name="gradient"/> to what <paramref name="tensor"/> has so far.</summary>
    /// <remarks>
    /// A gradient handed in may be a view of another tensor's, or the same tensor sent to several inputs, so it is
    /// never written to. The first sum for a tensor is a new buffer that only this store holds; later gradients
    /// are added into it in place, so a tensor read by k operations costs one buffer, not 2(k − 1) copies.
    /// </remarks>
    internal void Accumulate(Tensor tensor, Tensor gradient, OpKind? producer = null)
    {
        if (!gradient.Shape.Equals(tensor.Shape))
        {
            throw new InvalidOperationException($"backward of {producer?.ToString() ?? "the root"} produced a gradient of shape {gradient.Shape} for a tensor of shape {tensor.Shape}");
        }

        if (!_gradients.TryGetValue(tensor.Id, out var existing))
        {
            _gradients[tensor.Id] = gradient;
            return;
        }

        var sum = OwnedSum(tensor, existing);
        var values = sum.Storage.Single.AsSpan(0, sum.ElementCount);
        System.Numerics.Tensors.TensorPrimitives.Add(values, gradient.AsReadOnlySpan(), values);
    }

    /// <summary>
    /// Adds <paramref name="gradient"/> to the slice of <paramref name="tensor"/>'s gradient that starts at
    /// <paramref name="start"/> on <paramref name="axis"/> (the backward of a narrow), without padding it to the full shape first.
    /// </summary>
    internal void AccumulateNarrowed(Tensor tensor, Tensor gradient, int axis, int start)
    {
        var sum = _gradients.TryGetValue(tensor.Id, out var existing) ? OwnedSum(tensor, existing) : NewSum(tensor, Tensor.Zeros(tensor.Shape));
        StridedCopy.ScatterAdd(gradient.AsReadOnlySpan(), sum.NarrowView(axis, start, gradient.Shape[axis]));
    }

    /// <summary>Removes and returns <paramref name="tensor"/>'s gradient, which from then on may be shared, so it is never written again.</summary>
    internal Tensor? Take(Tensor tensor)
    {
        if (!_gradients.Remove(tensor.Id, out var gradient)) return null;
        _sums.Remove(gradient);
        return gradient;
    }

    // The gradient of tensor as a buffer that only this store holds: existing itself when the store made it, else a copy.
    private Tensor OwnedSum(Tensor tensor, Tensor existing) => _sums.Contains(existing) ? existing : NewSum(tensor, Tensor.Wrap(existing.ToArray(), tensor.Shape));

    private Tensor NewSum(Tensor tensor, Tensor sum)
    {
        _gradients[tensor.Id] = sum;
        _sums.Add(sum);
        return sum;
    }
}
