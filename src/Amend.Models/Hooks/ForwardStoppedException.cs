namespace Amend.Models.Hooks;

/// <summary>Thrown through the forward pass when a stopping trace fires; the model's Run catches it.</summary>
public sealed class ForwardStoppedException(HookPoint point)
    : Exception($"forward pass stopped after {point}")
{
    /// <summary>Where the pass stopped.</summary>
    public HookPoint Point { get; } = point;
}
