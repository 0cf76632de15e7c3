namespace Amend.Tensors.Autograd;

/// <summary>
/// Gradients produced by one <see cref="Tensor.Backward()"/> call, keyed by tensor identity. After the
/// pass it holds the gradients of the leaves that require them; intermediates were dropped as used.
/// </summary>
/// <remarks>
/// A gradient handed in may be a view of another tensor's, or the same tensor sent to several inputs, so it is never
/// written to, unless it is exclusive: a new buffer its rule made and gave to no one else (or a view of one, passed on
/// by a reshape or permute). A tensor read by several operations gets one sum that only this store holds, an exclusive
/// gradient that lies whole and in order in its storage or else a copy, and later gradients are added into it in place:
/// one buffer at most, not 2(k − 1) copies for k readers.
/// </remarks>
public sealed class GradientStore
{
    private readonly Dictionary<long, Tensor> _gradients = [];

    // Gradients held here that nothing else references; those that are their whole storage in order are safe to add into.
    private readonly HashSet<Tensor> _exclusive = new(ReferenceEqualityComparer.Instance);

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
    /// <param name="tensor">The tensor the gradient is of.</param>
    /// <param name="gradient">dL/d<paramref name="tensor"/> from one reader.</param>
    /// <param name="producer">The operation whose rule made it, for the error on a wrong shape.</param>
    /// <param name="exclusive">Nothing else holds <paramref name="gradient"/> or its storage, so the store may add into it.</param>
    internal void Accumulate(Tensor tensor, Tensor gradient, OpKind? producer = null, bool exclusive = false)
    {
        if (!gradient.Shape.Equals(tensor.Shape))
        {
            throw new InvalidOperationException($"backward of {producer?.ToString() ?? "the root"} produced a gradient of shape {gradient.Shape} for a tensor of shape {tensor.Shape}");
        }

        if (!_gradients.TryGetValue(tensor.Id, out var existing))
        {
            _gradients[tensor.Id] = gradient;
            if (exclusive) _exclusive.Add(gradient);
            return;
        }

        // An exclusive gradient can take the place of a handed-in sum, which saves copying that one.
        var (sum, addend) = IsSum(existing) || !(exclusive && LiesInOrder(gradient)) ? (OwnedSum(tensor, existing), gradient) : (Adopt(tensor, gradient), existing);
        var values = sum.Storage.Single.AsSpan(0, sum.ElementCount);
        System.Numerics.Tensors.TensorPrimitives.Add(values, addend.AsReadOnlySpan(), values);
    }

    /// <summary>
    /// Adds <paramref name="gradient"/> to the slice of <paramref name="tensor"/>'s gradient that starts at
    /// <paramref name="start"/> on <paramref name="axis"/> (the backward of a narrow), without padding it to the full shape first.
    /// </summary>
    internal void AccumulateNarrowed(Tensor tensor, Tensor gradient, int axis, int start)
    {
        var sum = SumToAddInto(tensor);
        StridedCopy.ScatterAdd(gradient.AsReadOnlySpan(), sum.NarrowView(axis, start, gradient.Shape[axis]));
    }

    /// <summary>
    /// Scatter-adds <paramref name="gradient"/>, the gradient of an index_select of <paramref name="tensor"/> along
    /// <paramref name="context"/>'s axis, into <paramref name="tensor"/>'s gradient (repeated indices accumulate), without
    /// a zero-filled tensor of its own first: an embedding's gradient has the vocabulary's rows, of which a batch touches few.
    /// </summary>
    internal void AccumulateIndexed(Tensor tensor, Tensor gradient, IndexContext context)
    {
        var sum = SumToAddInto(tensor);
        var shape = tensor.Shape;
        int axis = context.Axis;
        Kernels.IndexKernel.ScatterAdd(sum.Storage.Single.AsSpan(0, sum.ElementCount), shape[axis], shape.CountRange(axis + 1, shape.Rank), context.Indices, gradient.AsReadOnlySpan());
    }

    /// <summary>
    /// Removes and returns <paramref name="tensor"/>'s gradient, which from then on may be shared, so it is never written
    /// again; <paramref name="exclusive"/> says whether nothing else held it until now.
    /// </summary>
    internal Tensor? Take(Tensor tensor, out bool exclusive)
    {
        exclusive = false;
        if (!_gradients.Remove(tensor.Id, out var gradient)) return null;
        exclusive = _exclusive.Remove(gradient);
        return gradient;
    }

    // tensor's gradient as a buffer to add parts into: its sum, a copy of what it has, or zeros when it has nothing yet.
    private Tensor SumToAddInto(Tensor tensor) => _gradients.TryGetValue(tensor.Id, out var existing) ? OwnedSum(tensor, existing) : Adopt(tensor, Tensor.Zeros(tensor.Shape));

    // The gradient of tensor as a buffer that only this store holds: existing itself when it is one, else a copy.
    private Tensor OwnedSum(Tensor tensor, Tensor existing) => IsSum(existing) ? existing : Adopt(tensor, Tensor.Wrap(existing.ToArray(), tensor.Shape));

    private bool IsSum(Tensor gradient) => _exclusive.Contains(gradient) && LiesInOrder(gradient);

    // sum, a buffer nothing else holds that lies in order, becomes tensor's gradient, to be added into in place.
    private Tensor Adopt(Tensor tensor, Tensor sum)
    {
        if (_gradients.TryGetValue(tensor.Id, out var replaced)) _exclusive.Remove(replaced);
        _gradients[tensor.Id] = sum;
        _exclusive.Add(sum);
        return sum;
    }

    // Whether the gradient is its float32 storage, whole and in order (a view equal to its contiguous base counts), so
    // that adding into the storage's first elements adds into the gradient.
    private static bool LiesInOrder(Tensor gradient) =>
        gradient.DType == DType.Float32 && gradient.Offset == 0 && gradient.IsContiguous && gradient.Storage.Length == gradient.ElementCount;
}
