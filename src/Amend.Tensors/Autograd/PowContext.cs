namespace Amend.Tensors.Autograd;

/// <summary>What the backward of Pow needs: the constant exponent.</summary>
internal sealed record PowContext(float Exponent);
