using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors.Autograd;

/// <summary>Gradient rules of the elementwise ops, called from the cases of <see cref="Backward"/>.</summary>
internal static class ElementwiseBackward
{
    /// <summary>y = √x: dx = dy/(2y), from the output y.</summary>
    public static Tensor Sqrt(Tensor grad, Tensor y) => ElementwiseDriver.Binary<SqrtGradientOperator>(grad, y, "Sqrt backward");

    /// <summary>y = tanh x: dx = dy·(1 - y²), from the output y.</summary>
    public static Tensor Tanh(Tensor grad, Tensor y) => ElementwiseDriver.Binary<TanhGradientOperator>(grad, y, "Tanh backward");

    /// <summary>y = σ(x): dx = dy·y·(1 - y), from the output y.</summary>
    public static Tensor Sigmoid(Tensor grad, Tensor y) => ElementwiseDriver.Binary<SigmoidGradientOperator>(grad, y, "Sigmoid backward");

    /// <summary>y = max(x, 0): dx = dy where x &gt; 0, from the input x.</summary>
    public static Tensor Relu(Tensor grad, Tensor x) => ElementwiseDriver.Binary<ReluGradientOperator>(grad, x, "Relu backward");

    /// <summary>y = |x|: dx = dy·sign(x), from the input x.</summary>
    public static Tensor Abs(Tensor grad, Tensor x) => ElementwiseDriver.Binary<AbsGradientOperator>(grad, x, "Abs backward");

    /// <summary>y = a / b: db = -dy·(a/b)/b, summed to b's shape (dividing twice avoids overflow in b²).</summary>
    public static Tensor Divisor(Tensor grad, Tensor a, Tensor b) => (-(grad * (a / b)) / b).SumToShape(b.Shape);

    /// <summary>y = xᵖ: dx = dy·p·xᵖ⁻¹ (0 when p = 0, even where xᵖ⁻¹ is infinite).</summary>
    public static Tensor Pow(Tensor grad, Tensor x, float p)
    {
        if (p == 0f) return Tensor.Zeros(x.Shape);
        if (p == 1f) return grad;
        return grad * (p == 2f ? x * 2f : x.Pow(p - 1f) * p);
    }

    /// <summary>y = clamp(x, min, max): dx = dy where min ≤ x ≤ max, else 0.</summary>
    public static Tensor Clamp(Tensor grad, Tensor x, ClampContext bounds)
    {
        var dy = grad.ToArray();
        var values = x.AsReadOnlySpan();
        for (int i = 0; i < dy.Length; i++)
        {
            if (!(values[i] >= bounds.Min && values[i] <= bounds.Max)) dy[i] = 0f;
        }

        return Tensor.Wrap(dy, x.Shape);
    }

    /// <summary>y = c ? a : b: the gradient of a (<paramref name="toA"/>) or of b, dy where it was chosen, summed to its shape.</summary>
    public static Tensor Where(Tensor grad, Tensor condition, Tensor operand, bool toA)
    {
        var zero = Tensor.Scalar(0f);
        var chosen = toA ? Tensor.Where(condition, grad, zero) : Tensor.Where(condition, zero, grad);
        return chosen.SumToShape(operand.Shape);
    }
}
