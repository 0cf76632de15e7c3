namespace Amend.World.Training;

/// <summary>
/// Linear warm-up then cosine decay. For step s (0-based) of S, warm-up W, peak η and floor η_min:
/// s &lt; W: η·(s+1)/W; otherwise η_min + ½(η − η_min)(1 + cos(π·p)) with p = (s − W)/(S − 1 − W) (p = 1 at the last step).
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate for <paramref name="step"/> under <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or not below the step count.</exception>
    public static double At(int step, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (step < 0 || step >= options.Steps) throw new ArgumentOutOfRangeException(nameof(step), $"step {step} is outside 0..{options.Steps - 1}");
        if (step < options.WarmupSteps) return options.LearningRate * (step + 1) / options.WarmupSteps;
        int decaySteps = options.Steps - 1 - options.WarmupSteps;
        double progress = decaySteps == 0 ? 1 : (double)(step - options.WarmupSteps) / decaySteps;
        return options.MinLearningRate + 0.5 * (options.LearningRate - options.MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
