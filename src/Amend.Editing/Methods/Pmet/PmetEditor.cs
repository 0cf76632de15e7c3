using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Shared;
using Amend.Models.Architectures;
using Amend.Models.Hooks;

namespace Amend.Editing.Methods.Pmet;

/// <summary>
/// PMET (Li et al., AAAI 2024): MEMIT with a more precise target. For each request, two deltas at the subject token
/// of the last edited layer, one on the attention output and one on the MLP (FFN) output, are optimised jointly
/// (<see cref="ValueOptimizer"/> with a joint edit point); only the FFN value z = v₀ + δ_FFN is kept, since PMET
/// updates only FFN weights. Then, as in MEMIT, each edited layer's FFN output projection gets a least-squares
/// update (<see cref="LayerSpread"/>, <see cref="LeastSquares"/>), here towards z at the last layer's MLP output and
/// with the share (Z − Z_current)/√(L − i) of the residual; one <see cref="WeightUpdate.Commit"/> writes all layers.
/// </summary>
/// <remarks>
/// Invariant: the weights are changed only temporarily between layers (restored before returning, also on failure) and
/// then once by the commit, so a failed edit leaves the model bit-identical. <see cref="ApplyBatch"/> writes whatever
/// it is given as one batch; splitting by batch_size is the runner's job.
/// </remarks>
public sealed class PmetEditor(PmetHyperparameters hyperparameters) : IBatchEditor
{
    /// <inheritdoc/>
    public string Method => hyperparameters.AlgName;

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => hyperparameters;

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null) => ApplyBatch(model, [request], options);

    /// <inheritdoc/>
    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null) =>
        MemitSteps.Edit(model, hyperparameters, requests, options, architecture => Settings(architecture, hyperparameters), ResidualShare.SquareRootOfRemaining);

    /// <summary>
    /// The z search: δ_FFN at mlp_module_tmp's output and δ_attn at attn_module_tmp's output of the last edited layer,
    /// NLL weighted by nll_loss_factor and eased at the argmax as EasyEdit's compute_zs does.
    /// </summary>
    internal static ValueOptimizerSettings Settings(ModelArchitecture architecture, PmetHyperparameters h)
    {
        // The MLP and its output projection produce the same tensor, and so do attention and its out_proj (which has
        // no hook of its own): EasyEdit's PMET files name the projections, Amend hooks the sub-layer for the latter.
        var mlp = new HookPoint(architecture.Resolve(h.MlpModuleTmp).Role, h.ZLayer);
        var attention = HookPoint.Attention(h.ZLayer);
        return new ValueOptimizerSettings(mlp, Math.Max(h.VLossLayer, h.ZLayer), h.VNumGradSteps, h.VLr, h.VWeightDecay, h.ClampNormFactor, h.KlFactor)
        {
            JointEditPoints = [attention],
            NllFactor = h.NllLossFactor,
            EaseNllAtArgmax = true,
        };
    }
}
