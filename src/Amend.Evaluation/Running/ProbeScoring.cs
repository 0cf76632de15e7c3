using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>
/// The teacher-forced metrics of a case, all from one batched pass: reliability and generalisation (token
/// accuracy of target_new), portability per kind, locality per kind (agreement with the pre-edit argmax), and
/// optionally ROME's P(new) vs P(true) comparisons on the same prompts.
/// </summary>
internal sealed class ProbeScoring(ModelCalls calls, EvaluationOptions options)
{
    private sealed record Item(string Group, string? Kind, string Prompt, string Answer);

    private sealed record Comparison(string Metric, string? Kind, int Preferred, int Other);

    /// <summary>Pre-edit argmax tokens of the locality probes, by kind.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int[]>> PreLocality(BenchmarkCase c)
    {
        var items = LocalityItems(c);
        var forced = calls.TeacherForce([.. items.Select(i => (i.Prompt, i.Answer))]);
        return items.Zip(forced).GroupBy(x => x.First.Kind!).ToDictionary(g => g.Key, g => (IReadOnlyList<int[]>)[.. g.Select(x => x.Second.Predicted)]);
    }

    /// <summary>Scores the edited model on the case's probes.</summary>
    public void Score(BenchmarkCase c, PreEditOutputs pre, List<Score> scores, List<ProbeOutput> outputs)
    {
        var items = new List<Item>();
        foreach (var r in c.Requests)
        {
            items.Add(new Item(MetricNames.Reliability, null, r.FilledPrompt, r.TargetNew));
            items.AddRange(r.RephrasePrompts.Select(p => new Item(MetricNames.Generalization, null, p, r.TargetNew)));
            items.AddRange(r.Portability.SelectMany(k => k.Value.Select(p => new Item(MetricNames.Portability, k.Key, p.Prompt, p.Answer))));
        }

        items.AddRange(LocalityItems(c));
        var comparisons = options.Probability ? AddComparisons(c, items) : [];
        var forced = calls.TeacherForce([.. items.Select(i => (i.Prompt, i.Answer))]);
        for (int i = 0; i < items.Count; i++)
        {
            if (!forced[i].IsEmpty) outputs.Add(new ProbeOutput(items[i].Group, items[i].Kind, items[i].Prompt, items[i].Answer, forced[i].Labels, forced[i].Predicted, forced[i].LogProbs.Average()));
        }

        var scored = items.Zip(forced).Where(x => !x.Second.IsEmpty).ToList();
        Add(scores, MetricNames.Reliability, null, MetricProtocol.TokenAccuracy, scored.Where(x => x.First.Group == MetricNames.Reliability).Select(x => TokenAccuracy.Of(x.Second.Predicted, x.Second.Labels)));
        Add(scores, MetricNames.Generalization, null, MetricProtocol.TokenAccuracy, scored.Where(x => x.First.Group == MetricNames.Generalization).Select(x => TokenAccuracy.Of(x.Second.Predicted, x.Second.Labels)));
        AddByKind(scores, MetricNames.Portability, MetricProtocol.TokenAccuracy, scored.Where(x => x.First.Group == MetricNames.Portability).Select(x => (x.First.Kind!, TokenAccuracy.Of(x.Second.Predicted, x.Second.Labels))));
        AddByKind(scores, MetricNames.Locality, MetricProtocol.ArgmaxAgreement, Locality(items, forced, pre));
        foreach (var group in comparisons.GroupBy(k => (k.Metric, k.Kind)))
        {
            var pairs = group.Where(k => !forced[k.Preferred].IsEmpty && !forced[k.Other].IsEmpty)
                .Select(k => (Preferred: ProbabilityComparison.MeanNll(forced[k.Preferred].LogProbs), Other: ProbabilityComparison.MeanNll(forced[k.Other].LogProbs))).ToList();
            Add(scores, group.Key.Metric, group.Key.Kind, MetricProtocol.ProbabilityComparison, pairs.Select(p => ProbabilityComparison.Success(p.Preferred, p.Other)));
            Add(scores, group.Key.Metric, group.Key.Kind, MetricProtocol.ProbabilityMargin, pairs.Select(p => ProbabilityComparison.Margin(p.Preferred, p.Other)));
        }
    }

    private static List<Item> LocalityItems(BenchmarkCase c) =>
        [.. c.Requests.SelectMany(r => r.Locality).SelectMany(k => k.Value.Select(p => new Item(MetricNames.Locality, k.Key, p.Prompt, p.Answer)))];

    // The k-th locality item of a kind is compared with the k-th pre-edit output of that kind (both lists are built by LocalityItems).
    private static IEnumerable<(string Kind, double Value)> Locality(List<Item> items, IReadOnlyList<TeacherForced> forced, PreEditOutputs pre)
    {
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Group != MetricNames.Locality) continue;
            string kind = items[i].Kind!;
            int k = seen[kind] = seen.GetValueOrDefault(kind, -1) + 1;
            int[] before = pre.Locality[kind][k];
            if (before.Length > 0) yield return (kind, TokenAgreement.Of(before, forced[i].Predicted));
        }
    }

    // ROME: P(new) > P(true) on the prompt and its paraphrases; P(true answer) > P(new) on locality prompts.
    private static List<Comparison> AddComparisons(BenchmarkCase c, List<Item> items)
    {
        var comparisons = new List<Comparison>();
        int count = items.Count;
        foreach (var r in c.Requests.Where(r => r.GroundTruth is not null))
        {
            for (int i = 0; i < count; i++)
            {
                var item = items[i];
                bool ownPrompt = item.Group is MetricNames.Reliability or MetricNames.Generalization && item.Answer == r.TargetNew
                    && (item.Prompt == r.FilledPrompt || r.RephrasePrompts.Contains(item.Prompt));
                if (ownPrompt)
                {
                    items.Add(item with { Group = item.Group + "/true", Answer = r.GroundTruth! });
                    comparisons.Add(new Comparison(item.Group, null, i, items.Count - 1));
                }
                else if (item.Group == MetricNames.Locality && r.Locality.ContainsKey(item.Kind!))
                {
                    items.Add(item with { Group = item.Group + "/new", Answer = r.TargetNew });
                    comparisons.Add(new Comparison(item.Group, item.Kind, i, items.Count - 1));
                }
            }
        }

        return comparisons;
    }

    private static void Add(List<Score> scores, string metric, string? kind, MetricProtocol protocol, IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count > 0) scores.Add(new Score(metric, kind, list.Average(), protocol));
    }

    // Per kind the mean over probes; "overall" is the mean over kinds, as EasyEdit's KnowEdit summary computes it.
    private static void AddByKind(List<Score> scores, string metric, MetricProtocol protocol, IEnumerable<(string Kind, double Value)> values)
    {
        var means = values.GroupBy(v => v.Kind).Select(g => new Score(metric, g.Key, g.Average(v => v.Value), protocol)).ToList();
        if (means.Count == 0) return;
        scores.AddRange(means);
        scores.Add(new Score(metric, MetricNames.Overall, means.Average(s => s.Value), protocol));
    }
}
