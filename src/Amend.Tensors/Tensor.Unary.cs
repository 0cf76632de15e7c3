using System.Numerics.Tensors;
using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors;

/// <summary>Element-wise functions of one tensor. Each returns a new contiguous float32 tensor of the same shape.</summary>
public sealed partial class Tensor
{
    /// <summary>-x.</summary>
    public Tensor Neg() => Record(ElementwiseDriver.Unary<NegateOperator>(this), OpKind.Neg, null, this);

    /// <summary>|x|; its gradient at 0 is 0.</summary>
    public Tensor Abs() => Record(ElementwiseDriver.Unary<AbsOperator>(this), OpKind.Abs, null, this);

    /// <summary>max(x, 0); its gradient at 0 is 0. NaN stays NaN.</summary>
    public Tensor Relu() => Record(ElementwiseDriver.Unary<ReluOperator>(this), OpKind.Relu, null, this);

    /// <summary>x² (same as <c>Pow(2)</c>).</summary>
    public Tensor Square() => Pow(2f);

    /// <summary>xᵖ for a constant exponent p (IEEE pow: a negative base with a non-integer p gives NaN).</summary>
    public Tensor Pow(float exponent)
    {
        var result = exponent == 2f
            ? ElementwiseDriver.Unary<SquareOperator>(this)
            : ElementwiseDriver.Map(this, (x, y) => TensorPrimitives.Pow(x, exponent, y));
        return Record(result, OpKind.Pow, new PowContext(exponent), this);
    }

    /// <summary>√x (NaN for negative x).</summary>
    public Tensor Sqrt() => WithOutput(ElementwiseDriver.Unary<SqrtOperator>(this), OpKind.Sqrt);

    /// <summary>eˣ.</summary>
    public Tensor Exp() => WithOutput(ElementwiseDriver.Map(this, TensorPrimitives.Exp), OpKind.Exp);

    /// <summary>Natural logarithm (-∞ at 0, NaN for negative x).</summary>
    public Tensor Log() => Record(ElementwiseDriver.Map(this, TensorPrimitives.Log), OpKind.Log, null, this);

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => WithOutput(ElementwiseDriver.Map(this, TensorPrimitives.Tanh), OpKind.Tanh);

    /// <summary>Logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ).</summary>
    public Tensor Sigmoid() => WithOutput(ElementwiseDriver.Map(this, TensorPrimitives.Sigmoid), OpKind.Sigmoid);

    /// <summary>min(max(x, <paramref name="min"/>), <paramref name="max"/>); the gradient passes where min ≤ x ≤ max, as in torch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is greater than <paramref name="max"/>, or either is NaN.</exception>
    public Tensor Clamp(float min, float max)
    {
        if (!(min <= max)) throw new ArgumentOutOfRangeException(nameof(min), $"Clamp: min {min} must not exceed max {max}");
        var result = ElementwiseDriver.Map(this, (x, y) => TensorPrimitives.Clamp(x, min, max, y));
        return Record(result, OpKind.Clamp, new ClampContext(min, max), this);
    }

    /// <summary>Records an op whose backward is written in terms of its output y (saved detached, sharing storage).</summary>
    private Tensor WithOutput(Tensor result, OpKind kind) => Record(result, kind, result.Detach(), this);
}
