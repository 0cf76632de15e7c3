namespace Amend.Tensors.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction, as <c>torch.optim.Adam</c> (amsgrad off): weight decay
/// is L2, added to the gradient before the moments (g ← ∇ + λ·p). For decoupled decay use <see cref="AdamW"/>.
/// The defaults are torch's.
/// </summary>
/// <param name="parameters">contiguous float32 leaves marked RequireGrad, each at most once.</param>
/// <param name="learningRate">lr.</param>
/// <param name="beta1">β₁ in [0, 1).</param>
/// <param name="beta2">β₂ in [0, 1).</param>
/// <param name="epsilon">ε ≥ 0.</param>
/// <param name="weightDecay">λ ≥ 0, the L2 penalty.</param>
/// <exception cref="ArgumentException">A parameter is not a contiguous float32 leaf marked RequireGrad, or appears twice.</exception>
/// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range or not finite.</exception>
public sealed class Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    : AdamBase("Adam", parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false);
