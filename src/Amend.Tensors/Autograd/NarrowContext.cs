namespace Amend.Tensors.Autograd;

/// <summary>What the backward of Narrow needs: which axis was cut and where the slice starts.</summary>
internal sealed record NarrowContext(int Axis, int Start);
