namespace Amend.Tensors.Optim;

/// <summary>
/// The Adam step shared by <see cref="Adam"/> (L2 weight decay) and <see cref="AdamW"/> (decoupled decay),
/// in the float32 operation order of PyTorch's single-tensor implementation (its CPU default), so that
/// several steps stay close to torch:
/// p ← p·(1 − lr·λ_decoupled); g ← ∇ + λ_L2·p; m ← m + (1 − β₁)(g − m); v ← β₂·v + (1 − β₂)·g²;
/// p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε), with t counted per parameter. AMSGrad is not offered.
/// </summary>
public abstract class AdamBase : Optimizer
{
    private readonly bool _decoupled;
    private readonly float[]?[] _firstMoments;
    private readonly float[]?[] _secondMoments;
    private readonly int[] _steps;

    private protected AdamBase(string name, IEnumerable<Tensor> parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
        : base(name, parameters, learningRate)
    {
        RequireInRange(nameof(beta1), beta1, 0, 1);
        RequireInRange(nameof(beta2), beta2, 0, 1);
        RequireInRange(nameof(epsilon), epsilon, 0);
        RequireInRange(nameof(weightDecay), weightDecay, 0);
        (Beta1, Beta2, Epsilon, WeightDecay, _decoupled) = (beta1, beta2, epsilon, weightDecay, decoupled);
        (_firstMoments, _secondMoments, _steps) = (new float[]?[Parameters.Count], new float[]?[Parameters.Count], new int[Parameters.Count]);
    }

    /// <summary>β₁, the decay rate of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay rate of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>λ: the L2 penalty added to the gradient (Adam) or the decoupled decay rate (AdamW).</summary>
    public double WeightDecay { get; }

    private protected sealed override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var m = _firstMoments[index] ??= new float[parameter.Length];
        var v = _secondMoments[index] ??= new float[parameter.Length];
        int step = ++_steps[index];

        // Scalars are computed in double, as Python does, then used as float32 like torch's scalar arguments.
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, step)));
        float correction2Root = (float)Math.Sqrt(1 - Math.Pow(Beta2, step));
        float shrink = _decoupled ? (float)(1 - (LearningRate * WeightDecay)) : 1f, lambda = _decoupled ? 0f : (float)WeightDecay;
        float weight1 = (float)(1 - Beta1), beta2 = (float)Beta2, weight2 = (float)(1 - Beta2), eps = (float)Epsilon;
        for (int i = 0; i < parameter.Length; i++)
        {
            float g = gradient[i] + (lambda * parameter[i]);
            float p = parameter[i] * shrink;
            m[i] += weight1 * (g - m[i]);
            v[i] = (v[i] * beta2) + (weight2 * g * g);
            float denominator = (MathF.Sqrt(v[i]) / correction2Root) + eps;
            parameter[i] = p - (stepSize * (m[i] / denominator));
        }
    }
}
