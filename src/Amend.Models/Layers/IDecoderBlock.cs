using Amend.Models.Inference;

namespace Amend.Models.Layers;

/// <summary>One transformer block: residual stream in, residual stream out.</summary>
internal interface IDecoderBlock
{
    // x: (B, T, C) → (B, T, C)
    Tensor Forward(Tensor x, ForwardContext context);

    IEnumerable<Parameter> Parameters();
}
