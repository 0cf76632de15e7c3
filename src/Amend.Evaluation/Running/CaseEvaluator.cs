using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>
/// Computes a case's pre-edit outputs (once, on the unedited model) and its scores after the edit. Pre-edit logits
/// are kept on disk (<see cref="LogitSpill"/>) until the evaluator is disposed, at the run's end.
/// </summary>
internal sealed class CaseEvaluator : IDisposable
{
    private readonly LogitSpill _spill = new();
    private readonly ProbeScoring _probes;
    private readonly GenerationScoring _generation;
    private readonly ConvSentScoring _convSent;
    private readonly SanitationScoring _sanitation;
    private readonly int _seed;

    public CaseEvaluator(ModelCalls calls, EvaluationOptions options, int seed)
    {
        (_probes, _generation, _sanitation, _seed) = (new(calls, options), new(calls, options), new(calls, options), seed);
        _convSent = new ConvSentScoring(calls, options, _spill);
    }

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
        _generation.Score(c, _seed + c.Index, scores, generations);
        if (c.Extras is ConvSentExtras convSent) _convSent.Score(convSent, pre, scores);
        if (c.Extras is SanitationExtras sanitation) _sanitation.Score(c, sanitation, pre, scores, generations);
        return new CaseEvaluation(scores, outputs, generations);
    }

    /// <inheritdoc/>
    public void Dispose() => _spill.Dispose();
}
