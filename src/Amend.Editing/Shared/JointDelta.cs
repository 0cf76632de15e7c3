using Amend.Models.Hooks;

namespace Amend.Editing.Shared;

/// <summary>A delta <see cref="ValueOptimizer"/> optimised at one of <see cref="ValueOptimizerSettings.JointEditPoints"/>.</summary>
/// <param name="Point">Where it was added.</param>
/// <param name="Initial">The module's output there at the first rewriting prompt's located token before any change, (C).</param>
/// <param name="Delta">The optimised change, (C).</param>
public sealed record JointDelta(HookPoint Point, Tensor Initial, Tensor Delta);
