namespace Amend.Tensors;

/// <summary>Reducing a broadcast result back to an operand's shape (the backward of broadcasting).</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Sums over the axes that broadcasting from <paramref name="target"/> to this tensor's shape added or
    /// repeated, giving a tensor of shape <paramref name="target"/>. Not recorded for autograd.
    /// </summary>
    /// <exception cref="TensorShapeException"><paramref name="target"/> does not broadcast to this shape.</exception>
    public Tensor SumToShape(Shape target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Equals(Shape)) return this;
        if (!Shape.Broadcast(target, Shape, "SumToShape").Equals(Shape)) throw new TensorShapeException("SumToShape", $"{target} does not broadcast to {Shape}");

        // Address the result with the source's rank: broadcast axes get stride 0, so every source
        // element lands on the target element it was copied from.
        var targetStrides = target.ContiguousStrides();
        var strides = new int[Rank];
        int lead = Rank - target.Rank;
        for (int i = lead; i < Rank; i++) strides[i] = target[i - lead] == 1 ? 0 : targetStrides[i - lead];

        var source = AsReadOnlySpan();
        var result = new float[target.ElementCount];
        int inner = Rank == 0 ? 1 : Shape[-1];
        int innerStride = Rank == 0 ? 0 : strides[Rank - 1];
        var counter = new int[Math.Max(Rank - 1, 0)];
        int destination = 0;
        for (int row = 0; row * inner < source.Length; row++)
        {
            var values = source.Slice(row * inner, inner);
            if (innerStride == 0) result[destination] += System.Numerics.Tensors.TensorPrimitives.Sum(values);
            else System.Numerics.Tensors.TensorPrimitives.Add(result.AsSpan(destination, inner), values, result.AsSpan(destination, inner));
            destination = Advance(counter, strides, destination);
        }

        return Wrap(result, target);
    }

    /// <summary>Steps a row counter over all axes but the last, returning the new destination offset.</summary>
    private int Advance(int[] counter, int[] strides, int destination)
    {
        for (int axis = counter.Length - 1; axis >= 0; axis--)
        {
            counter[axis]++;
            destination += strides[axis];
            if (counter[axis] < Shape[axis]) return destination;
            destination -= counter[axis] * strides[axis];
            counter[axis] = 0;
        }

        return destination;
    }
}
