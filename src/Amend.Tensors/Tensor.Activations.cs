using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Element-wise activation functions of transformer MLPs.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// GELU, exact form: y = x·Φ(x) = ½x(1 + erf(x/√2)), element-wise (PyTorch <c>gelu</c>, Hugging Face
    /// <c>"gelu"</c>). Φ is evaluated in float32 from a fit of erfc (relative error 1.2e-7), so y stays within
    /// 1.2e-6 relative for x ≥ −3 and within 2e-5 relative in the far negative tail. Output is float32 of this shape.
    /// </summary>
    public Tensor Gelu() => Pointwise<GeluKernel.Exact>(OpKind.Gelu);

    /// <summary>
    /// GELU, tanh approximation: y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), element-wise (PyTorch
    /// <c>gelu(approximate='tanh')</c>, Hugging Face <c>"gelu_new"</c> and <c>"gelu_pytorch_tanh"</c>, used by GPT-2 and GPT-J).
    /// </summary>
    public Tensor GeluTanh() => Pointwise<GeluKernel.Tanh>(OpKind.GeluTanh);

    /// <summary>SiLU (swish): y = x·σ(x) = x / (1 + e^−x), element-wise (Hugging Face <c>"silu"</c>, the gate of LLaMA's MLP).</summary>
    public Tensor Silu() => Pointwise<SiluKernel.Forward>(OpKind.Silu);

    /// <summary>Backward of <see cref="Gelu"/>: dx = (Φ(x) + x·φ(x))·dy.</summary>
    internal static Tensor GeluBackward(Tensor x, Tensor dy) => PointwiseGradient<GeluKernel.ExactGradient>(x, dy);

    /// <summary>Backward of <see cref="GeluTanh"/>: dx = (s + 2x·s(1 − s)·u')·dy with s = σ(2u).</summary>
    internal static Tensor GeluTanhBackward(Tensor x, Tensor dy) => PointwiseGradient<GeluKernel.TanhGradient>(x, dy);

    /// <summary>Backward of <see cref="Silu"/>: dx = σ(x)(1 + x(1 − σ(x)))·dy.</summary>
    internal static Tensor SiluBackward(Tensor x, Tensor dy) => PointwiseGradient<SiluKernel.Gradient>(x, dy);

    private Tensor Pointwise<TOp>(OpKind kind)
        where TOp : IPointwiseOperator
        => Record(Wrap(PointwiseDriver.Map<TOp>(TensorMemory.Read(this)), Shape), kind, null, this);

    private static Tensor PointwiseGradient<TOp>(Tensor x, Tensor dy)
        where TOp : IPointwiseGradientOperator
        => Wrap(PointwiseDriver.MapGradient<TOp>(TensorMemory.Read(x), TensorMemory.Read(dy)), x.Shape);
}
