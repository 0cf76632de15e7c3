namespace Amend.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
/// with the semantics of <c>torch.optim.SGD</c>:
/// g ← ∇ + λ·p; b ← g on the first step, else μ·b + (1 − τ)·g; g ← g + μ·b (Nesterov) or b; p ← p − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _momentumBuffers;

    /// <summary>Creates the optimizer; the defaults give plain SGD, p ← p − lr·∇.</summary>
    /// <exception cref="ArgumentException">A parameter is not a contiguous float32 leaf marked RequireGrad, or appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is negative or not finite, or Nesterov is asked for without momentum or with dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base("Sgd", parameters, learningRate)
    {
        RequireInRange(nameof(momentum), momentum, 0);
        RequireInRange(nameof(dampening), dampening, 0);
        RequireInRange(nameof(weightDecay), weightDecay, 0);
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentOutOfRangeException(nameof(nesterov), $"Sgd: Nesterov momentum needs momentum > 0 and dampening = 0, got momentum {momentum}, dampening {dampening}");
        (Momentum, Dampening, WeightDecay, Nesterov) = (momentum, dampening, weightDecay, nesterov);
        _momentumBuffers = new float[]?[Parameters.Count];
    }

    /// <summary>μ, the momentum factor (0: none).</summary>
    public double Momentum { get; }

    /// <summary>τ, the dampening applied to new gradients in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>λ, the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the Nesterov form g + μ·b is used.</summary>
    public bool Nesterov { get; }

    private protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        float lr = (float)LearningRate, decay = (float)WeightDecay, mu = (float)Momentum, keep = (float)(1 - Dampening);
        bool first = _momentumBuffers[index] is null;
        var buffer = Momentum == 0 ? null : _momentumBuffers[index] ??= new float[parameter.Length];
        for (int i = 0; i < parameter.Length; i++)
        {
            float g = gradient[i] + (decay * parameter[i]);
            if (buffer is not null)
            {
                buffer[i] = first ? g : (mu * buffer[i]) + (keep * g);
                g = Nesterov ? g + (mu * buffer[i]) : buffer[i];
            }

            parameter[i] -= lr * g;
        }
    }
}
