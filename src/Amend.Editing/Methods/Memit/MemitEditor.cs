using Amend.Editing.Hyperparameters;
using Amend.Editing.Shared;

namespace Amend.Editing.Methods.Memit;

/// <summary>
/// MEMIT (Meng et al. 2023): many facts written at once, spread over several MLP output projections. Steps: z per
/// request at the last edited layer (<see cref="TargetValues"/>), then for each layer the keys K and residual share R
/// (<see cref="LayerSpread"/>) and ΔW = R·[(λ·C + K·Kᵀ)⁻¹·K]ᵀ (<see cref="LeastSquares"/>), then one
/// <see cref="WeightUpdate.Commit"/> for all layers.
/// </summary>
/// <remarks>
/// Invariant: the weights are changed only temporarily between layers (restored before returning, also on failure) and
/// then once by the commit, so a failed edit leaves the model bit-identical. Splitting a large set of requests into
/// batches of batch_size is the runner's job; <see cref="ApplyBatch"/> writes whatever it is given as one batch.
/// </remarks>
public sealed class MemitEditor(MemitHyperparameters hyperparameters) : IBatchEditor
{
    /// <inheritdoc/>
    public string Method => hyperparameters.AlgName;

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => hyperparameters;

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null) => ApplyBatch(model, [request], options);

    /// <inheritdoc/>
    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null) =>
        MemitSteps.Edit(model, hyperparameters, requests, options, _ => MemitSteps.ZSettings(hyperparameters), ResidualShare.Remaining);
}
