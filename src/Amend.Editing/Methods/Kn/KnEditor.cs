using Amend.Editing.Hyperparameters;
using Amend.Editing.Shared;
using Amend.Models.Architectures;
using Amend.Models.Inference;

namespace Amend.Editing.Methods.Kn;

/// <summary>
/// KN, knowledge neurons (Dai et al. 2022) as EasyEdit's <c>kn_main</c> runs it: integrated-gradients attribution
/// of every FFN intermediate neuron for the fact's current answer (<see cref="AnswerAttribution"/>), neurons above
/// an adaptive threshold per prompt and refined across prompts (<see cref="NeuronSelection"/>), and each selected
/// neuron's value vector moved from the model's current answer towards the new one, in the direction its activation
/// at the prompt gives it (<see cref="ValueVectorEdit"/>).
/// </summary>
/// <remarks>Invariant: the weights are only read until the single <see cref="WeightUpdate.Commit"/>, so a failed edit leaves the model bit-identical.</remarks>
public sealed class KnEditor(KnHyperparameters hyperparameters) : IEditor
{
    /// <inheritdoc/>
    public string Method => "KN";

    /// <inheritdoc/>
    public IHyperparameters Hyperparameters => Settings;

    /// <summary>The typed hyperparameters.</summary>
    public KnHyperparameters Settings { get; } = hyperparameters ?? throw new ArgumentNullException(nameof(hyperparameters));

    /// <summary>
    /// Applies one edit. Diagnostics: "prompts", "coarse_neurons" (summed over prompts), "neurons", "layers_edited",
    /// "max_score" (the edit prompt's largest score), "direction_norm" (‖Δ‖ of one value vector), and phase seconds.
    /// Selecting no neuron (no positive score, or none shared by enough prompts) commits an empty edit, as EasyEdit
    /// leaves the model as it was, and reports a warning.
    /// </summary>
    /// <exception cref="EditRequestException">ground_truth is missing, or an answer has no tokens.</exception>
    /// <inheritdoc/>
    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new EditOptions();
        request.Validate();
        HyperparameterFile.RequireValid(Settings, model.Model.Architecture);
        if (string.IsNullOrWhiteSpace(request.GroundTruth)) throw new EditRequestException("ground_truth", "KN attributes the model's current answer, so it needs the fact's ground_truth (EasyEdit refuses such a request too)");
        int[] answer = Continuation(model, request.GroundTruth, "ground_truth");
        int[] target = Continuation(model, request.TargetNew, "target_new");
        var prompts = Prompts(model, request, options);

        var timer = new PhaseTimer();
        var (coarse, maxScore) = timer.Time("attribution", () => Attribute(model, prompts, answer, options));
        var neurons = NeuronSelection.Refine(coarse, Settings.P, Settings.Refine);
        if (neurons.Count == 0) options.Warnings?.Add($"KN: no knowledge neuron was selected for {MessageText.Quote(request.FilledPrompt)} (largest score {maxScore:G4}); the model is left unchanged");

        var (deltas, norm) = timer.Time("update", () =>
        {
            int[] current = Greedy(model.Model, prompts[0], target.Length);
            var direction = ValueVectorEdit.Direction(model.Model.Weight(ModuleRole.Embedding).Value, target, current, Settings.LrScale);
            var activations = IntegratedGradients.Activations(model.Model, prompts[0]);
            return (ValueVectorEdit.Deltas(model.Model, neurons, direction, activations), Math.Sqrt(direction.Sum(v => (double)v * v)));
        });
        var diagnostics = new Dictionary<string, double>
        {
            ["prompts"] = prompts.Count,
            ["coarse_neurons"] = coarse.Sum(c => c.Count),
            ["neurons"] = neurons.Count,
            ["layers_edited"] = deltas.Count,
            ["max_score"] = maxScore,
            ["direction_norm"] = norm,
        };
        return WeightUpdate.Commit(model.Model, Method, Settings, [request], deltas, timer.AddTo(diagnostics));
    }

    private (List<IReadOnlyList<KnowledgeNeuron>> Coarse, double MaxScore) Attribute(EditableModel model, IReadOnlyList<int[]> prompts, int[] answer, EditOptions options)
    {
        int perPrompt = answer.Length * model.Model.Architecture.NumLayers;
        var coarse = new List<IReadOnlyList<KnowledgeNeuron>>();
        double maxScore = double.NaN;
        for (int n = 0; n < prompts.Count; n++)
        {
            int done = n * perPrompt;
            var scores = AnswerAttribution.Scores(model.Model, prompts[n], answer, Settings, step =>
            {
                options.Cancellation.ThrowIfCancellationRequested();
                options.Progress?.Report(new EditProgress("KN attribution", done + step, prompts.Count * perPrompt));
            });
            if (n == 0) maxScore = scores.Max(layer => layer.Max());
            coarse.Add(NeuronSelection.Coarse(scores, Settings.AdaptiveThreshold));
        }

        return (coarse, maxScore);
    }

    // The edit prompt, then (with refine) the request's rephrasings: the paper's "prompts expressing the same fact".
    private List<int[]> Prompts(EditableModel model, EditRequest request, EditOptions options)
    {
        var texts = new List<string> { request.FilledPrompt };
        if (Settings.Refine)
        {
            texts.AddRange(request.RephrasePrompts.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Replace("{}", request.Subject, StringComparison.Ordinal)));
            if (texts.Count == 1) options.Warnings?.Add("KN: refine is on but the request has no rephrase prompts; the prompt alone keeps every coarse neuron, as in EasyEdit");
        }

        return [.. texts.Select((text, i) => model.EncodePrompt(text) is { Length: > 0 } ids ? ids
            : throw new EditRequestException(i == 0 ? "prompt" : "rephrase_prompt", $"\"{text}\" encodes to no tokens"))];
    }

    // As Amend's other methods, an answer is scored as a continuation word: " " + text.
    private static int[] Continuation(EditableModel model, string text, string field)
    {
        int[] ids = model.EncodeContinuation(" " + text);
        return ids.Length > 0 ? ids : throw new EditRequestException(field, $"\"{text}\" has no tokens");
    }

    // The model's own greedy continuation: the "old answer" EasyEdit subtracts, as many tokens as the new answer has.
    private static int[] Greedy(CausalLanguageModel model, int[] prompt, int count)
    {
        using var noGrad = GradMode.Disable();
        var ids = new List<int>(prompt);
        for (int k = 0; k < count; k++)
        {
            var logits = model.Logits(TokenBatch.Single([.. ids]));
            ids.Add(logits.Narrow(1, ids.Count - 1, 1).ArgMax());
        }

        return [.. ids.Skip(prompt.Length)];
    }
}
