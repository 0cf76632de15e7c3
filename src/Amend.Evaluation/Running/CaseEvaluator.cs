using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>
/// Computes a case's pre-edit outputs (once, on the unedited model) and its scores after the edit. Disposed at the
/// run's end, which deletes ConvSent's pre-edit logits from disk.
/// </summary>
internal sealed class CaseEvaluator(ModelCalls calls, EvaluationOptions options, int seed) : IDisposable
{
    private readonly ProbeScoring _probes = new(calls, options);
    private readonly GenerationScoring _generation = new(calls, options);
    private readonly ConvSentScoring _convSent = new(calls, options);
    private readonly SanitationScoring _sanitation = new(calls, options);

    public PreEditOutputs Prepare(BenchmarkCase c)
    {
        var locality = _probes.PreLocality(c);
        var retain = c.Extras is SanitationExtras s ? _sanitation.Prepare(s) : [];
        var (target, outer) = c.Extras is ConvSentExtras cs ? _convSent.Prepare(cs) : (double.NaN, []);
        return new PreEditOutputs(locality, retain, target, outer);
    }

    public CaseEvaluation Evaluate(BenchmarkCase c, PreEditOutputs pre)
    {
        var scores = new List<Score>();
        var outputs = new List<ProbeOutput>();
        var generations = new List<GenerationOutput>();
        _probes.Score(c, pre, scores, outputs);
        _generation.Score(c, seed + c.Index, scores, generations);
        if (c.Extras is ConvSentExtras convSent) _convSent.Score(convSent, pre, scores);
        if (c.Extras is SanitationExtras sanitation) _sanitation.Score(c, sanitation, pre, scores, generations);
        return new CaseEvaluation(scores, outputs, generations);
    }

    /// <inheritdoc/>
    public void Dispose() => _convSent.Dispose();
}
