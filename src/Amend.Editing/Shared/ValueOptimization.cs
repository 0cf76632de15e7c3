namespace Amend.Editing.Shared;

/// <summary>The outcome of <see cref="ValueOptimizer.Optimize"/>.</summary>
/// <param name="Initial">v₀: the module's output at the first rewriting prompt's located token before any change, (C).</param>
/// <param name="Delta">δ, the optimised change, (C).</param>
/// <param name="Steps">Adam steps taken.</param>
/// <param name="Loss">The total loss of the last forward pass (NLL + KL + weight decay).</param>
/// <param name="Nll">Its mean negative log-likelihood of the target tokens.</param>
/// <param name="Kl">Its weighted KL term.</param>
/// <param name="Losses">The total loss of every forward pass, in order.</param>
public sealed record ValueOptimization(Tensor Initial, Tensor Delta, int Steps, double Loss, double Nll, double Kl, IReadOnlyList<double> Losses)
{
    /// <summary>v* = v₀ + δ, the value the edited weight should produce (C).</summary>
    public Tensor Target => Initial.Add(Delta);
}
