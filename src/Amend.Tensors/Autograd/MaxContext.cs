namespace Amend.Tensors.Autograd;

/// <summary>What the backward of Max needs: which axes were reduced and where each maximum was found.</summary>
internal sealed record MaxContext(bool[] Reduced, int[] Indices);
