using Amend.Models.Checkpoints;

namespace Amend.Models.Layers;

/// <summary>(x − mean) / √(var + ε) · γ + β over the last axis.</summary>
internal sealed class LayerNorm(Parameter weight, Parameter? bias, float epsilon)
{
    public static LayerNorm Load(WeightSource weights, int size, float epsilon, bool bias = true) => new(
        new Parameter(weights.FullName("weight"), weights.Get("weight", size)),
        bias ? new Parameter(weights.FullName("bias"), weights.Get("bias", size)) : null,
        epsilon);

    // x: (..., C); y: (..., C)
    public Tensor Forward(Tensor x) => x.LayerNorm(weight.Value, bias?.Value, epsilon);

    public IEnumerable<Parameter> Parameters() => bias is null ? [weight] : [weight, bias];
}
