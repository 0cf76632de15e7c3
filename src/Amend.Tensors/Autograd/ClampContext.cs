namespace Amend.Tensors.Autograd;

/// <summary>What the backward of Clamp needs: the bounds, to tell which inputs passed through.</summary>
internal sealed record ClampContext(float Min, float Max);
