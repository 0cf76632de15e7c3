namespace Amend.Models.Architectures;

/// <summary>How a projection's weight matrix is stored in the checkpoint.</summary>
public enum WeightLayout
{
    /// <summary>torch.nn.Linear: (out_features, in_features); y = x·Wᵀ + b.</summary>
    OutByIn,

    /// <summary>GPT-2's Conv1D: (in_features, out_features); y = x·W + b.</summary>
    InByOut,
}
