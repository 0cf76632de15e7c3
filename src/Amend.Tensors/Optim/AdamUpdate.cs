namespace Amend.Tensors.Optim;

/// <summary>
/// The Adam step shared by <see cref="Adam"/> and <see cref="AdamW"/>, in the float32 operation order of
/// PyTorch's single-tensor implementation (the CPU default), so several steps stay close to torch:
/// m ← m + (1 − β₁)(g − m); v ← β₂·v + (1 − β₂)·g²; p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
internal sealed class AdamUpdate(int parameterCount)
{
    private readonly float[]?[] _firstMoments = new float[]?[parameterCount];
    private readonly float[]?[] _secondMoments = new float[]?[parameterCount];
    private readonly int[] _steps = new int[parameterCount];

    /// <param name="index">which parameter (its moments and step count).</param>
    /// <param name="parameter">the parameter's storage, updated in place.</param>
    /// <param name="gradient">its gradient.</param>
    /// <param name="settings">learning rate, betas, ε.</param>
    /// <param name="l2">λ of Adam's coupled weight decay (g ← g + λ·p), 0 for none.</param>
    /// <param name="decoupled">λ of AdamW's decoupled decay (p ← p·(1 − lr·λ) first), 0 for none.</param>
    public void Apply(int index, Span<float> parameter, ReadOnlySpan<float> gradient, AdamSettings settings, double l2, double decoupled)
    {
        var m = _firstMoments[index] ??= new float[parameter.Length];
        var v = _secondMoments[index] ??= new float[parameter.Length];
        int step = ++_steps[index];

        // Scalars are computed in double, as Python does, then used as float32 like torch's scalar arguments.
        float stepSize = (float)(settings.LearningRate / (1 - Math.Pow(settings.Beta1, step)));
        float correction2Root = (float)Math.Sqrt(1 - Math.Pow(settings.Beta2, step));
        float shrink = (float)(1 - (settings.LearningRate * decoupled)), lambda = (float)l2;
        float weight1 = (float)(1 - settings.Beta1), beta2 = (float)settings.Beta2, weight2 = (float)(1 - settings.Beta2), eps = (float)settings.Epsilon;
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
