namespace Amend.Tensors.Autograd;

/// <summary>What the backward of Cat needs: the axis joined along (the inputs' extents give the cut points).</summary>
internal sealed record ConcatContext(int Axis);
