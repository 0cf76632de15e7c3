using Amend.Models.Hooks;

namespace Amend.Models.Inference;

/// <summary>The result of a forward pass, or where a stopping trace ended it.</summary>
public sealed record ForwardOutput
{
    /// <summary>Logits (B, T, vocab); null when a trace stopped the pass.</summary>
    public Tensor? Logits { get; init; }

    /// <summary>Residual stream states (B, T, C), n_layer + 1 of them, when requested.</summary>
    public IReadOnlyList<Tensor>? HiddenStates { get; init; }

    /// <summary>The hook point after which a trace stopped the pass, or null.</summary>
    public HookPoint? StoppedAt { get; init; }
}
