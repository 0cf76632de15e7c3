namespace Amend.Evaluation.Running;

/// <summary>How a benchmark's edits relate to each other.</summary>
public enum RunMode
{
    /// <summary>Each case is edited from the original weights, evaluated, and undone.</summary>
    Single,

    /// <summary>Edits accumulate in case order; evaluation after every N edits or after all of them.</summary>
    Sequential,

    /// <summary>Chunks of N cases are written in one batch edit from the original weights, evaluated, and undone (batching methods only).</summary>
    Batch,
}
