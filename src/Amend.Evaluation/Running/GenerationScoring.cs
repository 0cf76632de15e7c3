using System.Text;
using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>The generation metrics of a case: fluency (n-gram entropy) and, as an option, exact match.</summary>
internal sealed class GenerationScoring(ModelCalls calls, EvaluationOptions options)
{
    /// <summary>Adds fluency and exact-match scores as the options ask; <paramref name="seed"/> seeds top-k sampling of the fluency text.</summary>
    public void Score(BenchmarkCase c, int seed, List<Score> scores, List<GenerationOutput> generations)
    {
        if (options.Fluency) Fluency(c.Request.FilledPrompt, seed, scores, generations);
        if (options.ExactMatch) ExactMatch(c, scores, generations);
    }

    // EasyEdit generates up to max_out_len tokens in all (prompt included) and scores the whole decoded text,
    // NFKD-normalised with blank lines folded, ×100 as KnowEdit reports it. A prompt that already fills max_out_len
    // gets no continuation (generate_fast's loop never runs), and the prompt alone is scored.
    private void Fluency(string prompt, int seed, List<Score> scores, List<GenerationOutput> generations)
    {
        int[] ids = calls.EncodePrompt(prompt);
        int room = Math.Max(0, options.FluencyLength - ids.Length);
        int[] continuation = calls.Generate([ids], room, options.FluencyTopK, seed)[0];
        string text = calls.Decode([.. ids, .. continuation]).Normalize(NormalizationForm.FormKD).Replace("\n\n", " ", StringComparison.Ordinal);
        generations.Add(new GenerationOutput(MetricNames.Fluency, prompt, text));
        scores.Add(new Score(MetricNames.Fluency, null, 100 * NGramEntropy.Of(text), MetricProtocol.NGramEntropy));
    }

    private void ExactMatch(BenchmarkCase c, List<Score> scores, List<GenerationOutput> generations)
    {
        var probes = c.Requests.SelectMany(r => new[] { (Metric: MetricNames.Reliability, Prompt: r.FilledPrompt, r.TargetNew) }
            .Concat(r.RephrasePrompts.Select(p => (Metric: MetricNames.Generalization, Prompt: p, r.TargetNew)))).ToList();
        var answers = probes.Select(p => calls.EncodePrompt(p.Prompt + " " + p.TargetNew)[calls.EncodePrompt(p.Prompt).Length..]).ToList();
        int longest = answers.Max(a => a.Length);
        if (longest == 0) return;
        var generated = calls.Generate([.. probes.Select(p => calls.EncodePrompt(p.Prompt))], longest);
        var values = new List<(string Metric, double Value)>();
        for (int i = 0; i < probes.Count; i++)
        {
            if (answers[i].Length == 0) continue;
            generations.Add(new GenerationOutput("exact-match", probes[i].Prompt, calls.Decode(generated[i])));
            values.Add((probes[i].Metric, Metrics.ExactMatch.Of(generated[i], answers[i])));
        }

        scores.AddRange(values.GroupBy(v => v.Metric).Select(g => new Score(g.Key, null, g.Average(v => v.Value), MetricProtocol.GreedyExactMatch)));
    }
}
