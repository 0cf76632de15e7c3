namespace Amend.Tensors;

/// <summary>How a loss combines its per-row values.</summary>
public enum LossReduction
{
    /// <summary>The average: over non-ignored targets for cross-entropy, over rows (distributions) for KL divergence.</summary>
    Mean,

    /// <summary>The sum over rows.</summary>
    Sum,

    /// <summary>No reduction: one value per row, shaped as the input without its last axis.</summary>
    None,
}
