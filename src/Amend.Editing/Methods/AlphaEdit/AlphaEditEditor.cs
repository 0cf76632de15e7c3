using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Methods.AlphaEdit;

/// <summary>
/// AlphaEdit (Fang et al. 2025): MEMIT's z and layer spread, with each layer's update projected onto the null space of
/// the corpus keys (<see cref="NullSpaceProjector"/>) and solved with the keys of this editor's earlier edits
/// (<see cref="ProjectedUpdate"/>), so sequential edits disturb neither the model's other knowledge nor each other.
/// </summary>
/// <remarks>
/// State: the editor caches each layer's projector and accumulates K·Kᵀ of every edit it applied (EasyEdit's global
/// <c>cache_c</c>). Projectors come from the statistics of the first edit that needs them. A new editor instance starts fresh; <see cref="Reset"/> forgets the accumulated keys (as EasyEdit's
/// reset_cache). Undoing an edit that is still the editor's latest also takes its keys back out, restoring the exact state
/// before it (after a <see cref="Reset"/> or a later edit, undo leaves the state alone), so the single mode of a
/// benchmark (each edit undone) never constrains an edit with the keys of undone ones. One editor serves one model:
/// applying it to another model throws. Invariant: a failed edit leaves the model bit-identical and the state unchanged.
/// </remarks>
public sealed class AlphaEditEditor(AlphaEditHyperparameters hyperparameters) : IBatchEditor
{
    private readonly Dictionary<int, Matrix64> _projectors = [];
    private CausalLanguageModel? _model;

    // Immutable: each edit makes a new one, so an undo can tell by identity whether its edit is still the latest.
    private AccumulatedKeys _keys = AccumulatedKeys.None;

    /// <inheritdoc/>
    public string Method => hyperparameters.AlgName;

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => hyperparameters;

    /// <summary>How many requests the accumulated keys hold (edits applied since creation or <see cref="Reset"/>).</summary>
    public int AccumulatedRequests => _keys.Requests;

    /// <summary>Forgets the keys of earlier edits (the projectors stay cached: they depend only on the statistics).</summary>
    public void Reset() => _keys = AccumulatedKeys.None;

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null) => ApplyBatch(model, [request], options);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">No statistics source was given (the message says how to provide one), or this editor already edited another model.</exception>
    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EditOptions();
        if (_model is not null && !ReferenceEquals(_model, model.Model)) throw new InvalidOperationException($"this {Method} editor holds the keys and projectors of another model; create a new editor for this one");
        var h = hyperparameters;
        var (contexts, which) = MemitSteps.Prepare(model, h, requests, options);
        var projectors = Projectors(model, options);

        // The projectors come from this model's statistics: from here on the editor belongs to it, failed edit or not.
        _model = model.Model;
        var (targets, runs) = MemitSteps.Targets(model, h, requests, contexts, which, options);
        var diagnostics = MemitSteps.Diagnostics(runs);
        var deltas = LayerSpread.Run(model, Method, requests, h.Layers, h.RewriteModuleTmp, contexts, which, targets,
            step => ProjectedUpdate.Solve(projectors[step.Index], step.Keys, step.Residuals, Accumulated(step.Layer, step.Keys.Rows), h.L2), diagnostics);
        var result = WeightUpdate.Commit(model.Model, Method, h, requests, deltas, diagnostics);
        AccumulatedKeys after;
        try
        {
            after = Accumulate(model, requests, contexts, which);
        }
        catch
        {
            // The keys are read from the edited model; if that fails, the edit is taken back, so nothing changed.
            result.Undo(model.Model);
            throw;
        }

        var before = _keys;
        _keys = after;
        result.AfterUndo = () =>
        {
            if (ReferenceEquals(_keys, after)) _keys = before;
        };
        return result;
    }

    // P per layer, computed once from the statistics (an eigendecomposition of d_in × d_in).
    private List<Matrix64> Projectors(EditableModel model, EditOptions options)
    {
        var h = hyperparameters;
        var missing = h.Layers.Where(l => !_projectors.ContainsKey(l)).ToList();
        if (missing.Count > 0)
        {
            var moments = SecondMoments.For(model, Method, missing, h.RewriteModuleTmp, new StatisticsRequest(h.Mom2Dataset, h.Mom2NSamples, h.Mom2Dtype), options);
            // All or none: a layer that fails must not leave the others' projectors behind for another model.
            var computed = moments.Select(statistics => (statistics, Projector: NullSpaceProjector.Compute(statistics, h.NullspaceThreshold))).ToList();
            foreach (var (statistics, (projector, rank)) in computed)
            {
                if (rank == 0) options.Warnings?.Add($"{Method}: layer {statistics.Layer}: no eigenvalue of C ({statistics.Source}) is below nullspace_threshold {h.NullspaceThreshold}, so the projector is zero and the layer will not change");
                _projectors[statistics.Layer] = projector;
            }
        }

        return [.. h.Layers.Select(l => _projectors[l])];
    }

    private Matrix64 Accumulated(int layer, int dimension) => _keys.Layers.TryGetValue(layer, out var m) ? m : new Matrix64(dimension, dimension);

    // The memory with K·Kᵀ of this batch's keys, read from the edited model, added to each layer (EasyEdit's cache_c update).
    private AccumulatedKeys Accumulate(EditableModel model, IReadOnlyList<EditRequest> requests, IReadOnlyList<string> contexts, FactToken which)
    {
        var role = model.Model.Architecture.Resolve(hyperparameters.RewriteModuleTmp).Role;
        var layers = new Dictionary<int, Matrix64>(_keys.Layers);
        foreach (int layer in hyperparameters.Layers)
        {
            var keys = LayerKeys.Compute(model, new HookPoint(role, layer), requests, contexts, which);
            layers[layer] = Accumulated(layer, keys.Rows).Add(Matrix64.Multiply(keys, false, keys, true));
        }

        return new AccumulatedKeys(layers, _keys.Requests + requests.Count);
    }

    // K·Kᵀ per layer of every edit since creation or Reset, and how many requests they came from.
    private sealed record AccumulatedKeys(IReadOnlyDictionary<int, Matrix64> Layers, int Requests)
    {
        public static AccumulatedKeys None { get; } = new(new Dictionary<int, Matrix64>(), 0);
    }
}
