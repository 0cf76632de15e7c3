using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Models.Layers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Amend.Editing.Methods.Kne;

/// <summary>
/// KNE's attribution: the integrated gradients of P, the teacher-forced probability of each target token summed over
/// the answer's tokens (and over the requests), with respect to every element of the edited projection of every
/// attributed layer, along the straight path from 0 to the weight (right Riemann sum, m = ig_steps):
/// scoreₗ = Wₗ ⊙ (1/m)·Σₖ₌₁..ₘ ∂P/∂W'ₗ at W' = (k/m)·W.
/// The model's weights are swapped for scaled copies only during a pass and always put back.
/// </summary>
public sealed class KneAttribution
{
    private readonly EditableModel _model;
    private readonly KneHyperparameters _settings;
    private readonly Parameter[] _slots;
    private readonly float[][] _weights;

    /// <summary>Prepares the attribution of <paramref name="settings"/>' projection at its layers on <paramref name="model"/>.</summary>
    /// <exception cref="HyperparameterException">The settings do not fit the model.</exception>
    public KneAttribution(EditableModel model, KneHyperparameters settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        HyperparameterFile.RequireValid(settings, model.Model.Architecture);
        (_model, _settings) = (model, settings);
        Layers = settings.LayersOf(model.Model.Architecture);
        _slots = [.. Layers.Select(l => model.Model.Parameter(settings.WeightName(model.Model.Architecture, l)))];
        _weights = [.. _slots.Select(s => s.Value.ToArray())];
    }

    /// <summary>The attributed layers, in the order of every per-layer result.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>
    /// One forward+backward pass per batch at weights W' = <paramref name="scale"/>·W (every attributed layer):
    /// P(W') and ∂P/∂W' per layer, in the weight's own layout. The step integrated gradients repeat m times.
    /// </summary>
    /// <exception cref="EditRequestException">A request's prompt or target encodes to no tokens.</exception>
    public (double Probability, IReadOnlyList<float[]> Gradients) Gradient(IReadOnlyList<EditRequest> requests, float scale = 1f)
    {
        var sums = _weights.Select(w => new float[w.Length]).ToArray();
        double probability = Pass(Batches(requests), scale, [.. Enumerable.Range(0, _slots.Length)], sums);
        return (probability, sums);
    }

    /// <summary>P with every attributed projection at <paramref name="scale"/>·W, no gradient (scale 0 gives IG's baseline).</summary>
    public double Probability(IReadOnlyList<EditRequest> requests, float scale = 1f) =>
        Pass(Batches(requests), scale, [.. Enumerable.Range(0, _slots.Length)], null);

    /// <summary>The integrated-gradient score of every element of every attributed weight (<see cref="KneScaling"/> picks the path).</summary>
    /// <exception cref="EditRequestException">A request's prompt or target encodes to no tokens.</exception>
    /// <exception cref="EditFailedException">A score is not finite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired (checked before each pass).</exception>
    public IReadOnlyList<LayerScores> Scores(IReadOnlyList<EditRequest> requests, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        var batches = Batches(requests);
        int m = _settings.IgSteps;
        var sums = _weights.Select(w => new float[w.Length]).ToArray();
        int[][] groups = _settings.IgScaling == KneScaling.Together
            ? [[.. Enumerable.Range(0, _slots.Length)]]
            : [.. Enumerable.Range(0, _slots.Length).Select(i => new[] { i })];
        int done = 0;
        foreach (int[] group in groups)
        {
            for (int k = 1; k <= m; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                Pass(batches, (float)k / m, group, sums);
                progress?.Report(new EditProgress("KNE attribution", ++done, groups.Length * m));
            }
        }

        return [.. Enumerable.Range(0, _slots.Length).Select(i => Score(i, sums[i], m))];
    }

    private LayerScores Score(int index, float[] gradientSum, int steps)
    {
        var score = new float[gradientSum.Length];
        TensorPrimitives.Multiply(_weights[index], gradientSum, score);
        TensorPrimitives.Multiply(score, 1f / steps, score);
        int bad = Array.FindIndex(score, v => !float.IsFinite(v));
        if (bad >= 0) throw new EditFailedException("KNE", $"the attribution of {_slots[index].Name} is {score[bad]} at flat index {bad}");
        return new LayerScores(Layers[index], _slots[index].Name, _slots[index].Shape, score);
    }

    private IReadOnlyList<FineTuneBatch> Batches(IReadOnlyList<EditRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) throw new ArgumentException("KNE: attribute at least one request", nameof(requests));
        return FineTuneBatch.Build(_model, requests, FineTuneObjective.TargetNew, _settings.LocalizationBatchSize);
    }

    // Sets the layers in `scaled` to scale·W (leaves requiring grad when `sums` is given), runs every batch and
    // adds each ∂P/∂W' into `sums`; returns P. The original tensors are back in place afterwards, whatever happens.
    private double Pass(IReadOnlyList<FineTuneBatch> batches, float scale, int[] scaled, float[][]? sums)
    {
        var originals = _slots.Select(s => s.Value).ToArray();
        var leaves = new Tensor[_slots.Length];
        using IDisposable? noGrad = sums is null ? GradMode.Disable() : null;
        try
        {
            foreach (int i in scaled)
            {
                var values = new float[_weights[i].Length];
                TensorPrimitives.Multiply(_weights[i], scale, values);
                leaves[i] = Tensor.Wrap(values, _slots[i].Shape);
                if (sums is not null) leaves[i].RequireGrad();
                _slots[i].Value = leaves[i];
            }

            double probability = 0;
            foreach (var batch in batches)
            {
                var p = batch.TermLosses(_model.Model).Neg().Exp().Sum();
                probability += p.Item();
                if (sums is null) continue;
                var gradients = p.Backward();
                foreach (int i in scaled)
                {
                    if (gradients.Get(leaves[i]) is Tensor g) TensorPrimitives.Add(sums[i], g.ToArray(), sums[i]);
                }
            }

            return probability;
        }
        finally
        {
            for (int i = 0; i < _slots.Length; i++) _slots[i].Value = originals[i];
        }
    }
}
