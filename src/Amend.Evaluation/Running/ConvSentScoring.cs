using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>
/// ConvSent's two scores, as EasyEdit's compute_sent_metric: edit success from the mean token
/// log-probabilities of the topic's answers after its question, and the mean KL(pre ‖ post) over the tokens of
/// another topic's answers. Unlike EasyEdit (which reads the logits at a token's own position) the
/// log-probability of each answer token is read from the position before it, where it is predicted.
/// </summary>
internal sealed class ConvSentScoring(ModelCalls calls, EvaluationOptions options) : IDisposable
{
    // The pre-edit logits, kept on disk until the run's end disposes this.
    private readonly LogitSpill _spill = new();

    public (double TargetLogProb, IReadOnlyList<SpilledRows> OuterLogits) Prepare(ConvSentExtras extras)
    {
        double target = MeanLogProb(calls.TeacherForce(Pairs(extras.Question, extras.TargetAnswers)));
        var outer = calls.TeacherForce(Pairs(extras.OuterQuestion, Outer(extras)), keepLogits: true);
        return (target, [.. outer.Select(o => _spill.Write(o.Logits!))]);
    }

    public void Dispose() => _spill.Dispose();

    public void Score(ConvSentExtras extras, PreEditOutputs pre, List<Score> scores)
    {
        var answers = calls.TeacherForce(Pairs(extras.Question, [.. extras.TargetAnswers, .. extras.OtherAnswers]));
        double target = MeanLogProb(answers.Take(extras.TargetAnswers.Count).ToList());
        double other = MeanLogProb(answers.Skip(extras.TargetAnswers.Count).ToList());
        scores.Add(new Score(MetricNames.Reliability, null, ConvSentScore.EditSuccess(target, other, pre.ConvSentTargetLogProb), MetricProtocol.ConvSentEditSuccess));

        var outer = calls.TeacherForce(Pairs(extras.OuterQuestion, Outer(extras)), keepLogits: true);
        var kl = new List<double>();
        for (int a = 0; a < outer.Count; a++)
        {
            for (int t = 0; t < outer[a].Labels.Length; t++) kl.Add(ConvSentScore.KlDivergence(pre.ConvSentOuterLogits[a].Row(t), outer[a].Logits![t]));
        }

        if (kl.Count > 0) scores.Add(new Score(MetricNames.Locality, MetricNames.Overall, kl.Average(), MetricProtocol.KlDivergence));
    }

    private IReadOnlyList<string> Outer(ConvSentExtras extras) => [.. extras.OuterAnswers.Take(options.ConvSentOuterAnswers)];

    private static List<(string, string)> Pairs(string question, IEnumerable<string> answers) => [.. answers.Select(a => (question, a))];

    // Token-weighted, as EasyEdit's masked_mean over every answer token.
    private static double MeanLogProb(IReadOnlyList<TeacherForced> answers)
    {
        var all = answers.SelectMany(a => a.LogProbs).ToList();
        return all.Count > 0 ? all.Average() : double.NaN;
    }
}
