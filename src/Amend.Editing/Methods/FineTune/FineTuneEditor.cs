using System.Globalization;
using Amend.Editing.Hyperparameters;
using Amend.Models.Inference;
using Amend.Tensors.Optim;

namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// Constrained fine-tuning (EasyEdit's FT; Zhu et al. 2020): Adam on the weight and bias of
/// <c>rewrite_module_tmp</c> at each of <c>layers</c>, minimising the <see cref="FineTuneObjective"/> loss over all
/// requests, with every entry clamped to original ± <c>norm_constraint</c> after each step. Per epoch, each batch
/// of <c>batch_size</c> requests takes one step unless its loss is already below 0.01; training stops after
/// <c>num_steps</c> epochs, or earlier once an epoch's mean loss is below 0.01.
/// Invariant: the model is untouched until the final <see cref="WeightUpdate.Commit"/>; an exception during
/// training, or a non-finite result, leaves it bit-identical.
/// </summary>
/// <param name="hyperparameters">EasyEdit FT hyperparameters; <see cref="FineTuneHyperparameters.Objective"/> selects FT-L or FT-M.</param>
public sealed class FineTuneEditor(FineTuneHyperparameters hyperparameters) : IBatchEditor
{
    // EasyEdit's threshold for both "skip this step" and "stop training".
    private const double LossGoal = 1e-2;

    /// <inheritdoc/>
    public string Method => "FT";

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => Settings;

    /// <summary>The typed hyperparameters.</summary>
    public FineTuneHyperparameters Settings { get; } = hyperparameters ?? throw new ArgumentNullException(nameof(hyperparameters));

    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApplyBatch(model, [request], options);
    }

    /// <summary>
    /// Trains on all <paramref name="requests"/> together and commits Δ = trained − original for every trained
    /// parameter. Diagnostics: "initial_loss" and "final_loss" (mean batch loss of the first and last epoch, before
    /// that epoch's steps), "epochs", "optimizer_steps", "max_abs_delta".
    /// </summary>
    /// <inheritdoc/>
    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(requests);
        options ??= new EditOptions();
        var architecture = model.Model.Architecture;
        HyperparameterFile.RequireValid(Settings, architecture);
        EditRequest.ValidateBatch(requests, Method);
        if (Settings.KlFactor != 0) options.Warnings?.Add($"FT: kl_factor {Settings.KlFactor} is ignored (EasyEdit's FT does not use it either)");

        var batches = FineTuneBatch.Build(model, requests, Settings.Objective, Settings.BatchSize);
        var weights = TrainedWeights.Of(model.Model, Settings.Layers.Select(layer => Settings.TrainedName(architecture, layer)));
        Dictionary<string, double> diagnostics;
        using (weights.Substitute())
        {
            diagnostics = Train(model.Model, batches, weights, options);
        }

        var deltas = weights.Deltas();
        diagnostics["max_abs_delta"] = ParameterDelta.MaxAbs(deltas);
        return WeightUpdate.Commit(model.Model, Method, Settings, requests, deltas, diagnostics);
    }

    private Dictionary<string, double> Train(CausalLanguageModel model, IReadOnlyList<FineTuneBatch> batches, TrainedWeights weights, EditOptions options)
    {
        var optimizer = new Adam(weights.Tensors, Settings.LearningRate, weightDecay: Settings.WeightDecay);
        int total = batches.Sum(b => b.Size), steps = 0, epochs = 0;
        double initial = double.NaN, mean = double.NaN;
        while (epochs < Settings.NumSteps)
        {
            double sum = 0;
            foreach (var batch in batches)
            {
                options.Cancellation.ThrowIfCancellationRequested();
                var loss = batch.Loss(model);
                double value = loss.Item();
                if (!double.IsFinite(value)) throw new EditFailedException(Method, $"the loss became {value} at epoch {epochs + 1}");
                sum += value * batch.Size;
                if (value >= LossGoal)
                {
                    optimizer.Step(loss.Backward());
                    steps++;
                }

                if (Settings.NormConstraint is double eps) weights.Clamp((float)eps);
            }

            mean = sum / total;
            if (epochs++ == 0) initial = mean;
            options.Progress?.Report(new EditProgress("FT optimisation", epochs, Settings.NumSteps, $"loss {mean.ToString("G4", CultureInfo.InvariantCulture)}"));
            if (mean < LossGoal) break;
        }

        return new Dictionary<string, double> { ["initial_loss"] = initial, ["final_loss"] = mean, ["epochs"] = epochs, ["optimizer_steps"] = steps };
    }
}
