namespace Amend.Tensors.Autograd;

/// <summary>What the backward of IndexSelect and ScatterAdd needs: the axis and the indices along it.</summary>
internal sealed record IndexContext(int Axis, int[] Indices);
