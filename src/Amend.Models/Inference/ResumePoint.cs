using Amend.Models.Architectures;
using Amend.Models.Hooks;

namespace Amend.Models.Inference;

/// <summary>
/// Where a forward pass starts instead of the embedding: block <paramref name="Layer"/>'s input, the residual stream
/// an earlier pass over the same batch reported as <c>HiddenStates[Layer]</c>. The embedding and the blocks below are
/// skipped (their hooks do not fire), so a search that only changes block <paramref name="Layer"/> and above (ROME's
/// v*, MEMIT's z) pays for those blocks once instead of every step; the result is the same as a full pass.
/// </summary>
/// <param name="Layer">The first block to run, 0 ≤ Layer &lt; the number of blocks.</param>
/// <param name="Hidden">Its input, (B, T, C) for the batch being run.</param>
public sealed record ResumePoint(int Layer, Tensor Hidden)
{
    /// <summary>
    /// The start just below every one of <paramref name="points"/>: the input of the lowest block holding one, taken
    /// from <paramref name="blockInputs"/> (a pass's <c>HiddenStates</c>). Null when there are no points or one is the
    /// embedding, which no block input lies below.
    /// </summary>
    public static ResumePoint? Below(IEnumerable<HookPoint> points, IReadOnlyList<Tensor> blockInputs)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(blockInputs);
        var list = points.ToList();
        if (list.Count == 0 || list.Any(p => p.Role == ModuleRole.Embedding)) return null;
        int layer = list.Min(p => p.Layer);
        return new ResumePoint(layer, blockInputs[layer]);
    }

    /// <summary>The same start for a batch of <paramref name="copies"/> copies of this one's rows, one copy after another.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="copies"/> is below 1.</exception>
    public ResumePoint Repeat(int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return copies == 1 ? this : this with { Hidden = Tensor.Cat(0, [.. Enumerable.Repeat(Hidden, copies)]) };
    }
}
