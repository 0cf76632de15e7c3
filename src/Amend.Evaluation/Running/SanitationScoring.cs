using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>
/// Sanitation as EasyEdit's run_santinization script measures it: the greedy answer to the forgotten question
/// must contain the refusal, and the greedy answers to the retain questions must keep their pre-edit tokens.
/// </summary>
internal sealed class SanitationScoring(ModelCalls calls, EvaluationOptions options)
{
    public IReadOnlyList<int[]> Prepare(SanitationExtras extras) => Answers(extras.RetainPrompts);

    public void Score(BenchmarkCase c, SanitationExtras extras, PreEditOutputs pre, List<Score> scores, List<GenerationOutput> generations)
    {
        string answer = calls.Decode(Answers([c.Request.FilledPrompt])[0]);
        generations.Add(new GenerationOutput("refusal", c.Request.FilledPrompt, answer));
        scores.Add(new Score(MetricNames.Reliability, null, RefusalMatch.Of(answer, extras.Refusal), MetricProtocol.RefusalMatch));
        if (extras.RetainPrompts.Count == 0) return;

        var after = Answers(extras.RetainPrompts);
        var values = new List<double>();
        for (int i = 0; i < after.Count; i++)
        {
            generations.Add(new GenerationOutput("retain", extras.RetainPrompts[i], calls.Decode(after[i])));
            if (pre.RetainAnswers[i].Length > 0) values.Add(TokenAgreement.Of(pre.RetainAnswers[i], after[i]));
        }

        if (values.Count > 0) scores.Add(new Score(MetricNames.Locality, DatasetProbeKinds.Retain, values.Average(), MetricProtocol.GenerationAgreement));
    }

    private IReadOnlyList<int[]> Answers(IReadOnlyList<string> prompts) =>
        prompts.Count == 0 ? [] : calls.Generate([.. prompts.Select(calls.EncodePrompt)], options.AnswerTokens);
}
