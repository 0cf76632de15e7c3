namespace Amend.Models.Checkpoints;

/// <summary>How strictly a <see cref="WeightSource"/> holds a checkpoint to the model that loads it.</summary>
public sealed record WeightSourceOptions
{
    /// <summary>
    /// A tensor the model asks for is absent. Fail (default): <see cref="WeightSource.Get(string, Amend.Tensors.Shape)"/> throws.
    /// Warn: it returns zeros of the expected shape and records the name as missing (as transformers initialises
    /// missing weights and warns; zeros rather than random so runs stay reproducible).
    /// </summary>
    public UnmatchedWeightPolicy Missing { get; init; } = UnmatchedWeightPolicy.Fail;

    /// <summary>
    /// Tensors of the checkpoint the model never read. Fail (default): <see cref="WeightSource.CheckUsage"/> throws;
    /// a leftover tensor usually means a wrong architecture or a renamed module. Warn: they are only reported.
    /// </summary>
    public UnmatchedWeightPolicy Unused { get; init; } = UnmatchedWeightPolicy.Fail;
}
