using Amend.Models.Hooks;
using Amend.Models.Inference;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.Shared;

/// <summary>
/// <see cref="ValueOptimizer"/>'s objective for one set of rewriting prompts, with one delta δᵢ per edit point i
/// (the edit point, then the joint points), each added to that module's output at every prompt's located token:
/// <code>
/// loss = nll_factor·mean NLL(target | rewriting prompts) + kl_factor·KL(p_edited ‖ p_unedited on "{} is a") + Σᵢ wd·‖δᵢ‖ / ‖v₀ᵢ‖²
/// </code>
/// It holds what the clean pass measured: each point's v₀ᵢ and the KL prompts' unedited log-probabilities.
/// </summary>
internal sealed class ValueObjective
{
    private readonly HookPoint[] _points;
    private readonly Tensor _klInitial;
    private readonly ResumePoint? _resume;

    private ValueObjective(HookPoint[] points, Tensor[] initials, Tensor klInitial, ResumePoint? resume)
    {
        _points = points;
        _klInitial = klInitial;
        _resume = resume;
        Initials = initials;
        InitialNorms = [.. initials.Select(i => Norm(i.ToArray()))];
    }

    /// <summary>v₀ᵢ per point, (C) each, in the order of <see cref="Measure"/>'s points.</summary>
    public IReadOnlyList<Tensor> Initials { get; }

    /// <summary>‖v₀ᵢ‖ per point.</summary>
    public IReadOnlyList<double> InitialNorms { get; }

    /// <summary>
    /// The clean pass: each point's output at the first prompt's located token, the KL prompts' distributions, and the
    /// input of the lowest edited block, from which every later pass resumes (the blocks below never change).
    /// </summary>
    /// <exception cref="InvalidOperationException">The forward pass does not reach a point or the loss layer.</exception>
    public static ValueObjective Measure(CausalLanguageModel model, RewritingPrompts prompts, IReadOnlyList<HookPoint> points, int lossLayer)
    {
        using var noGrad = GradMode.Disable();
        using var edits = new TraceSet(model.Hooks, points);
        using var read = new Trace(model.Hooks, HookPoint.Block(lossLayer), new TraceOptions { Stop = true });
        var pass = model.Run(prompts.Batch, new ForwardOptions { OutputHiddenStates = true });
        var missed = points.Where(p => edits[p].Output is null).Select(p => p.ToString()).ToList();
        if (missed.Count > 0 || read.Output is null) throw new InvalidOperationException($"the forward pass did not reach {string.Join(", ", missed.Append(HookPoint.Block(lossLayer).ToString()))}");
        var initials = points.Select(p => KeyCollector.AtTokens(edits[p].Output!.Narrow(0, 0, 1), [prompts.LookupIndices[0]])).Select(i => i.Reshape(i.Shape[1]).Contiguous());
        var hidden = read.Output.Reshape(-1, read.Output.Shape[2]);
        return new ValueObjective([.. points], [.. initials], model.HeadLogits(hidden.IndexSelect(0, prompts.KlPositions)).LogSoftmax(), ResumePoint.Below(points, pass.HiddenStates!));
    }

    /// <summary>The loss at <paramref name="deltas"/> (one per point), differentiable in each.</summary>
    /// <param name="model">The model, read only.</param>
    /// <param name="prompts">The prompts <see cref="Measure"/> ran on.</param>
    /// <param name="settings">Loss layer, kl_factor and v_weight_decay; <see cref="ValueOptimizerSettings.EaseNllAtArgmax"/> asks for the argmax check.</param>
    /// <param name="deltas">δᵢ, (C) each.</param>
    /// <param name="nllFactor">The NLL weight of this pass.</param>
    /// <returns>The total, its unweighted mean NLL, its weighted KL, and whether every target token is the argmax.</returns>
    public (Tensor Total, double Nll, double Kl, bool TargetIsArgmax) Evaluate(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings, IReadOnlyList<Tensor> deltas, double nllFactor)
    {
        var traces = new List<Trace>(_points.Length);
        try
        {
            int[] rows = [.. Enumerable.Range(0, prompts.LookupIndices.Length)];
            for (int i = 0; i < _points.Length; i++)
            {
                var spread = deltas[i].Unsqueeze(0).Expand(new Shape(rows.Length, deltas[i].ElementCount));
                traces.Add(new Trace(model.Hooks, _points[i], new TraceOptions { RetainOutput = false, EditOutput = TokenEdits.AddAt(rows, prompts.LookupIndices, spread) }));
            }

            using var read = new Trace(model.Hooks, HookPoint.Block(settings.LossLayer), new TraceOptions { Stop = true });
            model.Run(prompts.Batch, new ForwardOptions { ResumeFrom = _resume });
            return Loss(model, prompts, settings, deltas, nllFactor, read.Output!.Reshape(-1, read.Output.Shape[2]));
        }
        finally
        {
            foreach (var trace in traces) trace.Dispose();
        }
    }

    private (Tensor Total, double Nll, double Kl, bool TargetIsArgmax) Loss(CausalLanguageModel model, RewritingPrompts prompts, ValueOptimizerSettings settings, IReadOnlyList<Tensor> deltas, double nllFactor, Tensor hidden)
    {
        // Only the rows the loss reads go through the head: the same values as the reference's full logits, far cheaper.
        var targetLogits = model.HeadLogits(hidden.IndexSelect(0, prompts.TargetPositions));
        var nll = targetLogits.CrossEntropy(prompts.TargetIds);
        var klLogProbs = model.HeadLogits(hidden.IndexSelect(0, prompts.KlPositions)).LogSoftmax();
        var kl = Tensor.KlDivergence(klLogProbs, _klInitial).MulScalar((float)settings.KlFactor);
        var total = (nllFactor == 1 ? nll : nll.MulScalar((float)nllFactor)).Add(kl);

        // ‖δ‖ has no gradient at δ = 0; torch gives it 0 there, so a term joins the graph only once its δ moved.
        for (int i = 0; i < deltas.Count; i++)
        {
            if (Norm(deltas[i].ToArray()) > 0) total = total.Add(deltas[i].Square().Sum().Sqrt().MulScalar((float)(settings.WeightDecay / (InitialNorms[i] * InitialNorms[i]))));
        }

        bool argmax = settings.EaseNllAtArgmax && targetLogits.ArgMax(1).SequenceEqual(prompts.TargetIds);
        return (total, nll.Item(), kl.Item(), argmax);
    }

    /// <summary>‖v‖₂ in float64.</summary>
    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}
