namespace Amend.Tensors.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction, as <c>torch.optim.Adam</c> (amsgrad off): weight decay
/// is L2, added to the gradient before the moments (g ← ∇ + λ·p). For decoupled decay use <see cref="AdamW"/>.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly AdamUpdate _update;

    /// <summary>Creates the optimizer with torch's defaults (lr 1e-3, β = (0.9, 0.999), ε = 1e-8, no decay).</summary>
    /// <exception cref="ArgumentException">A parameter is not a contiguous float32 leaf marked RequireGrad, or appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">lr, ε or weight decay is negative or not finite, or a β is outside [0, 1).</exception>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base("Adam", parameters, learningRate)
    {
        RequireInRange(nameof(beta1), beta1, 0, 1);
        RequireInRange(nameof(beta2), beta2, 0, 1);
        RequireInRange(nameof(epsilon), epsilon, 0);
        RequireInRange(nameof(weightDecay), weightDecay, 0);
        (Beta1, Beta2, Epsilon, WeightDecay) = (beta1, beta2, epsilon, weightDecay);
        _update = new AdamUpdate(Parameters.Count);
    }

    /// <summary>β₁, the decay rate of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay rate of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>λ, the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    private protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
        => _update.Apply(index, parameter, gradient, new AdamSettings(LearningRate, Beta1, Beta2, Epsilon), l2: WeightDecay, decoupled: 0);
}
