using Amend.Models.Checkpoints;

namespace Amend.Models.Layers;

/// <summary>LLaMA's x / √(mean(x²) + ε) · γ over the last axis.</summary>
internal sealed class RmsNorm(Parameter weight, float epsilon)
{
    public static RmsNorm Load(WeightSource weights, int size, float epsilon) =>
        new(new Parameter(weights.FullName("weight"), weights.Get("weight", size)), epsilon);

    // x: (..., C); y: (..., C)
    public Tensor Forward(Tensor x) => x.RmsNorm(weight.Value, epsilon);

    public IEnumerable<Parameter> Parameters() => [weight];
}
