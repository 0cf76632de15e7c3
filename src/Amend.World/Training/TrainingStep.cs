namespace Amend.World.Training;

/// <summary>What one optimizer step did (a row of the loss curve).</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="Steps">Total steps of the run.</param>
/// <param name="Loss">Mean cross-entropy (nats per token) of this step's batch, before the update.</param>
/// <param name="RunningLoss">Exponential moving average of the loss (weight 0.05 on the newest step), bias-corrected.</param>
/// <param name="LearningRate">Learning rate used for the update.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="Elapsed">Wall time since the run started.</param>
public sealed record TrainingStep(int Step, int Steps, double Loss, double RunningLoss, double LearningRate, double GradientNorm, TimeSpan Elapsed);
