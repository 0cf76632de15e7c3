using Amend.Models.Architectures;
using Amend.Models.Checkpoints;

namespace Amend.Models.Layers;

/// <summary>
/// y = x·Wᵀ + b for torch Linear weights (out, in), or y = x·W + b for GPT-2 Conv1D weights (in, out).
/// The layout is resolved here, once, so nothing else in Amend cares how a checkpoint stores a projection.
/// </summary>
internal sealed class Linear(Parameter weight, Parameter? bias, WeightLayout layout)
{
    public Parameter Weight { get; } = weight;

    public Parameter? Bias { get; } = bias;

    public WeightLayout Layout { get; } = layout;

    // x: (..., in); W: (out, in) or (in, out); y: (..., out)
    public static Linear Load(WeightSource weights, int inFeatures, int outFeatures, bool bias, WeightLayout layout)
    {
        var shape = layout == WeightLayout.OutByIn ? new Shape(outFeatures, inFeatures) : new Shape(inFeatures, outFeatures);
        var w = new Parameter(weights.FullName("weight"), weights.Get("weight", shape));
        var b = bias ? new Parameter(weights.FullName("bias"), weights.Get("bias", outFeatures)) : null;
        return new Linear(w, b, layout);
    }

    public Tensor Forward(Tensor x)
    {
        var w = Weight.Value;
        var y = x.MatMul(Layout == WeightLayout.OutByIn ? w.TransposeLast() : w);
        return Bias is null ? y : y.Add(Bias.Value);
    }

    public IEnumerable<Parameter> Parameters() => Bias is null ? [Weight] : [Weight, Bias];
}
