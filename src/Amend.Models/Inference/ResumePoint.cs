namespace Amend.Models.Inference;

/// <summary>
/// Where a forward pass starts instead of the embedding: block <paramref name="Layer"/>'s input, the residual stream
/// an earlier pass over the same batch reported as <c>HiddenStates[Layer]</c>. The embedding and the blocks below are
/// skipped (their hooks do not fire), so a search that only changes block <paramref name="Layer"/> and above (ROME's
/// v*, MEMIT's z) pays for those blocks once instead of every step; the result is the same as a full pass.
/// </summary>
/// <param name="Layer">The first block to run, 0 ≤ Layer &lt; the number of blocks.</param>
/// <param name="Hidden">Its input, (B, T, C) for the batch being run.</param>
public sealed record ResumePoint(int Layer, Tensor Hidden);
