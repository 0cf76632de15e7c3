namespace Amend.Tensors.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019), as <c>torch.optim.AdamW</c> (amsgrad off): the weight decay is
/// decoupled from the gradient, p ← p·(1 − lr·λ), followed by the bias-corrected Adam step on ∇.
/// The defaults are torch's (note λ = 0.01, unlike Adam).
/// </summary>
/// <param name="parameters">contiguous float32 leaves marked RequireGrad, each at most once.</param>
/// <param name="learningRate">lr.</param>
/// <param name="beta1">β₁ in [0, 1).</param>
/// <param name="beta2">β₂ in [0, 1).</param>
/// <param name="epsilon">ε ≥ 0.</param>
/// <param name="weightDecay">λ ≥ 0, the decoupled decay rate.</param>
/// <exception cref="ArgumentException">A parameter is not a contiguous float32 leaf marked RequireGrad, or appears twice.</exception>
/// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range or not finite.</exception>
public sealed class AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2)
    : AdamBase("AdamW", parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);
