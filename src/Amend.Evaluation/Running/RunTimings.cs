namespace Amend.Evaluation.Running;

/// <summary>Where a run's wall time went.</summary>
/// <param name="WallSeconds">The whole run (a merge sums its shards).</param>
/// <param name="EditSeconds">Inside the editor.</param>
/// <param name="ModelSeconds">Inside evaluation forward passes and generation.</param>
public sealed record RunTimings(double WallSeconds, double EditSeconds, double ModelSeconds)
{
    /// <summary>The share of wall time outside the editor and the model: what the runner itself costs.</summary>
    public double OutsideFraction => WallSeconds > 0 ? Math.Max(0, WallSeconds - EditSeconds - ModelSeconds) / WallSeconds : 0;
}
