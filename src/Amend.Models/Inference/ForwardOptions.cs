namespace Amend.Models.Inference;

/// <summary>What a forward pass should return besides logits, and the cache it continues.</summary>
public sealed record ForwardOptions
{
    /// <summary>Return the residual stream after the embedding and after each block (the last after the final norm), as transformers' output_hidden_states does.</summary>
    public bool OutputHiddenStates { get; init; }

    /// <summary>Start at a block's input instead of the embedding (<see cref="ResumePoint"/>); not together with <see cref="Cache"/>.</summary>
    public ResumePoint? ResumeFrom { get; init; }

    /// <summary>Keys and values of earlier tokens; the pass appends this batch's.</summary>
    public KeyValueCache? Cache { get; init; }
}
