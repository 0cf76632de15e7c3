using Amend.Editing.Statistics;

namespace Amend.Editing;

/// <summary>What an edit run shares across methods beyond the hyperparameters: seeds, injected inputs, statistics, reporting.</summary>
public sealed record EditOptions
{
    /// <summary>Seed for every random choice of the method (template sampling, initialisation).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Context templates to use instead of generating them ("{}" marks where the prompt goes), e.g. the
    /// context_templates.json EasyEdit sampled, to reproduce another implementation's edit exactly.
    /// </summary>
    public IReadOnlyList<string>? ContextTemplates { get; init; }

    /// <summary>Where second-moment statistics come from (ROME with mom2_adjustment, MEMIT, AlphaEdit); null when none are available.</summary>
    public IKeyStatisticsSource? Statistics { get; init; }

    /// <summary>Receives progress of long steps (optimisation steps, statistics batches).</summary>
    public IProgress<EditProgress>? Progress { get; init; }

    /// <summary>Receives warnings (a regularised covariance, a clamped norm) that do not stop the edit.</summary>
    public ICollection<string>? Warnings { get; init; }

    /// <summary>
    /// Stops the edit between steps (optimisation steps, attribution passes) with an <see cref="OperationCanceledException"/>;
    /// like any failed edit, a stopped one leaves the model as it was.
    /// </summary>
    public CancellationToken Cancellation { get; init; }
}
