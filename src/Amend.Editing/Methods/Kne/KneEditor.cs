using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Editing.Requests;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Models.Inference;
using Amend.Tensors.Optim;

namespace Amend.Editing.Methods.Kne;

/// <summary>
/// KNE, Knowledge Neuronal Ensemble editing (Li et al. 2024, arXiv 2412.20637): attribute every element of one
/// projection in every layer by integrated gradients (<see cref="KneAttribution"/>), keep the elements at or above one
/// global (1 − p) quantile (<see cref="KnowledgeEnsemble"/>), then train a delta on those positions only, in all layers
/// together, by Adam on the target's teacher-forced cross-entropy (<see cref="EnsembleDeltas"/>).
/// The ensemble is localised per edit from the edited request, or once from a sample of an edit set
/// (<see cref="KneHyperparameters.LocalizationData"/>) and then cached on disk and in memory.
/// Invariant: the model is untouched until the final <see cref="WeightUpdate.Commit"/>; a failure leaves it bit-identical.
/// </summary>
/// <param name="hyperparameters">The KNE hyperparameters.</param>
public sealed class KneEditor(KneHyperparameters hyperparameters) : IBatchEditor
{
    // The shared ensemble of the last localisation, valid while the model holds exactly the same weight tensors.
    private (CausalLanguageModel Model, KnowledgeEnsemble Ensemble)? _shared;

    /// <inheritdoc/>
    public string Method => "KNE";

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => Settings;

    /// <summary>The typed hyperparameters.</summary>
    public KneHyperparameters Settings { get; } = hyperparameters ?? throw new ArgumentNullException(nameof(hyperparameters));

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApplyBatch(model, [request], options);
    }

    /// <summary>
    /// Localises (or reuses) the ensemble, trains on all <paramref name="requests"/> together and commits the masked
    /// deltas. Diagnostics: "ensemble_size", "ensemble_fraction", "ensemble_threshold", "ensemble_cached" (1 when the
    /// shared ensemble came from a cache), "ensemble_layer{l}" (positions in layer l), "initial_loss", "final_loss",
    /// "steps", "max_abs_delta", and "seconds_localize", "seconds_train".
    /// </summary>
    /// <inheritdoc/>
    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(requests);
        options ??= new EditOptions();
        HyperparameterFile.RequireValid(Settings, model.Model.Architecture);
        EditRequest.ValidateBatch(requests, Method);

        var timer = new PhaseTimer();
        var batch = FineTuneBatch.Build(model, requests, FineTuneObjective.TargetNew, requests.Count)[0];
        var (ensemble, cached) = timer.Time("localize", () => Localize(model, requests, options));
        var deltas = EnsembleDeltas.For(model.Model, ensemble, Settings.Alpha);
        var diagnostics = timer.Time("train", () => Train(model.Model, batch, deltas, options));
        var committed = deltas.Deltas();
        diagnostics["max_abs_delta"] = ParameterDelta.MaxAbs(committed);
        diagnostics["ensemble_size"] = ensemble.Count;
        diagnostics["ensemble_fraction"] = (double)ensemble.Count / ensemble.Attributed;
        diagnostics["ensemble_threshold"] = ensemble.Threshold;
        diagnostics["ensemble_cached"] = cached ? 1 : 0;
        foreach (var layer in ensemble.Layers) diagnostics[$"ensemble_layer{layer.Layer}"] = layer.Positions.Length;
        return WeightUpdate.Commit(model.Model, Method, Settings, requests, committed, timer.AddTo(diagnostics));
    }

    private (KnowledgeEnsemble Ensemble, bool Cached) Localize(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions options)
    {
        if (Settings.LocalizationData is null)
        {
            return (KnowledgeEnsemble.Select(new KneAttribution(model, Settings).Scores(requests, options.Progress, options.Cancellation), Settings.P), false);
        }

        // Kept for the model it was localised on, through every edit of it: a sequential run uses the unedited
        // model's ensemble throughout rather than localising again after each edit.
        if (_shared is var (sharedModel, shared) && ReferenceEquals(sharedModel, model.Model)) return (shared, true);

        var (ensemble, cached) = new EnsembleCache(Settings.LocalizationCache).GetOrCompute(SharedKey(model.Model), () =>
        {
            var sample = EditRequestJson.ReadFile(Settings.LocalizationData).Take(Settings.LocalizationSamples).ToList();
            return KnowledgeEnsemble.Select(new KneAttribution(model, Settings).Scores(sample, options.Progress, options.Cancellation), Settings.P);
        });
        _shared = (model.Model, ensemble);
        return (ensemble, cached);
    }

    // What a shared ensemble depends on: every weight, the attribution settings, and the localisation sample.
    private string SharedKey(CausalLanguageModel model)
    {
        string data = Settings.LocalizationData!;
        using var stream = File.OpenRead(data);
        return JsonSerializer.Serialize(new
        {
            model = ModelFingerprint.UpTo(model, model.Architecture.NumLayers - 1)[^1],
            module = Settings.RewriteModuleTmp,
            layers = Settings.LayersOf(model.Architecture),
            ig_steps = Settings.IgSteps,
            ig_scaling = Settings.IgScaling.ToString(),
            p = Settings.P,
            data = new { path = Path.GetFullPath(data), size = stream.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(stream)) },
            samples = Settings.LocalizationSamples,
        });
    }

    private Dictionary<string, double> Train(CausalLanguageModel model, FineTuneBatch batch, EnsembleDeltas deltas, EditOptions options)
    {
        var optimizer = new Adam(deltas.Leaves, Settings.LearningRate, weightDecay: Settings.WeightDecay);
        double initial = double.NaN, loss = double.NaN;
        int steps = 0;
        while (true)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            Tensor objective;
            using (deltas.Install())
            {
                objective = batch.Loss(model);
                loss = objective.Item();
                if (!double.IsFinite(loss)) throw new EditFailedException(Method, $"the loss became {loss} after {steps} steps");
                if (steps == 0) initial = loss;
                if (loss < Settings.EarlyStopLoss || steps == Settings.NumSteps) break;
                optimizer.Step(objective.Backward());
            }

            steps++;
            options.Progress?.Report(new EditProgress("KNE training", steps, Settings.NumSteps, $"loss {loss.ToString("G4", CultureInfo.InvariantCulture)}"));
        }

        return new Dictionary<string, double> { ["initial_loss"] = initial, ["final_loss"] = loss, ["steps"] = steps };
    }
}
