namespace Amend.Editing.Statistics;

/// <summary>How a statistics run tokenises, batches, checkpoints and reports.</summary>
public sealed record StatisticsOptions
{
    /// <summary>Tokens kept per row (longer rows are truncated, as EasyEdit's <c>truncation=True</c>); null: the model's maximum positions, capped at 1024.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Most padded tokens per forward pass (a longer row goes alone); null: 3 × max length, as EasyEdit's layer_stats.</summary>
    public int? BatchTokens { get; init; }

    /// <summary>
    /// How often partial sums are saved for resuming (checked after every group of rows; stretched to four times the
    /// last save's duration when saving is slower than that); zero saves after each group.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Receives a report after every forward pass.</summary>
    public IProgress<StatisticsProgress>? Progress { get; init; }

    /// <summary>Stops the run between forward passes; the last checkpoint stays on disk for resuming.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The max length for <paramref name="maxPositions"/>: the explicit value, else min(max positions, 1024).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The explicit value is not positive or exceeds the model's positions.</exception>
    public int ResolveMaxLength(int maxPositions)
    {
        if (MaxLength is not int explicitLength) return Math.Min(maxPositions, 1024);
        if (explicitLength <= 0 || explicitLength > maxPositions) throw new ArgumentOutOfRangeException(nameof(MaxLength), $"max length {explicitLength} must be in 1..{maxPositions} (the model's positions)");
        return explicitLength;
    }
}
