namespace Amend.Editing;

/// <summary>
/// The change to one weight: the edited weight is original + <see cref="Delta"/>, computed in float32 and
/// stored at the weight's dtype. Recording the delta (not the result) makes replay bit-identical.
/// </summary>
/// <param name="Name">The weight's checkpoint name, e.g. "transformer.h.17.mlp.c_proj.weight".</param>
/// <param name="Delta">Float32, the weight's shape and layout.</param>
public sealed record ParameterDelta(string Name, Tensor Delta)
{
    /// <summary>The largest |entry| over all of <paramref name="deltas"/>; 0 when there are none.</summary>
    public static double MaxAbs(IEnumerable<ParameterDelta> deltas) =>
        deltas.Select(d => Math.Abs((double)System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(d.Delta.ToArray()))).DefaultIfEmpty(0).Max();
}
