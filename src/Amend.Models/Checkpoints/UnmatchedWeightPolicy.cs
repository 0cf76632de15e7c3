namespace Amend.Models.Checkpoints;

/// <summary>What a <see cref="WeightSource"/> does when the model and the checkpoint do not name the same tensors.</summary>
public enum UnmatchedWeightPolicy
{
    /// <summary>Throw a <see cref="WeightMismatchException"/> naming the tensors.</summary>
    Fail,

    /// <summary>Carry on and list the tensors in the <see cref="WeightUsageReport"/> for the caller to show.</summary>
    Warn,
}
