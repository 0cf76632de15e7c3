namespace Amend.World.Training;

/// <summary>Hyperparameters of a training run.</summary>
public sealed record TrainingOptions
{
    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Packed sequences per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Tokens per packed sequence (the model sees this many positions).</summary>
    public int SequenceLength { get; init; } = 32;

    /// <summary>Peak learning rate, reached at the end of warm-up.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Learning rate at the last step, the floor of the cosine decay.</summary>
    public double MinLearningRate { get; init; } = 3e-4;

    /// <summary>Steps of linear warm-up from 0 to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>AdamW's decoupled weight decay, applied to matrices and embeddings only (not to biases and norm gains).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Global gradient-norm clip.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Seed of the data order (the model's initial weights have their own seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Save a checkpoint every this many steps (0: never).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Throws unless every value is usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A value is out of range: the exception's parameter name is the property, its message <see cref="SettingViolation.Describe"/>'s.
    /// </exception>
    public void Validate()
    {
        if (FirstViolation() is { } violation) throw new ArgumentOutOfRangeException(violation.Property, violation.Describe(violation.Property));
    }

    /// <summary>The first value out of its range, in declaration order, or null when every value is usable.</summary>
    public SettingViolation? FirstViolation()
    {
        return SettingViolation.First(
            (Steps > 0, nameof(Steps), Steps, "at least 1"),
            (BatchSize > 0, nameof(BatchSize), BatchSize, "at least 1"),
            (SequenceLength > 1, nameof(SequenceLength), SequenceLength, "at least 2 (a row predicts each token from the ones before it)"),
            (LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "finite and > 0"),
            (MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), MinLearningRate, FormattableString.Invariant($"in 0..{LearningRate} (the peak learning rate)")),
            (WarmupSteps >= 0 && WarmupSteps < Steps, nameof(WarmupSteps), WarmupSteps, FormattableString.Invariant($"in 0..{Steps - 1} (fewer than the steps)")),
            (WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "finite and ≥ 0"),
            (ClipNorm > 0 && double.IsFinite(ClipNorm), nameof(ClipNorm), ClipNorm, "finite and > 0"),
            (CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "≥ 0"));
    }
}
