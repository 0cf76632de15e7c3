namespace Amend.Editing.Shared;

/// <summary>The outcome of <see cref="ValueOptimizer.Optimize"/>.</summary>
/// <param name="Initial">v₀: the edit point's output at the first rewriting prompt's located token before any change, (C).</param>
/// <param name="Delta">δ, the optimised change at the edit point, (C).</param>
/// <param name="Steps">Adam steps taken.</param>
/// <param name="Loss">The total loss of the last forward pass (weighted NLL + KL + weight decay).</param>
/// <param name="Nll">Its mean negative log-likelihood of the target tokens (before nll_loss_factor).</param>
/// <param name="Kl">Its weighted KL term.</param>
/// <param name="Losses">The total loss of every forward pass, in order.</param>
public sealed record ValueOptimization(Tensor Initial, Tensor Delta, int Steps, double Loss, double Nll, double Kl, IReadOnlyList<double> Losses)
{
    /// <summary>v* = v₀ + δ, the value the edited weight should produce (C).</summary>
    public Tensor Target => Initial.Add(Delta);

    /// <summary>The deltas at <see cref="ValueOptimizerSettings.JointEditPoints"/>, in their order (empty without any).</summary>
    public IReadOnlyList<JointDelta> Joint { get; init; } = [];
}
