using Amend.Evaluation.Running;

namespace Amend.Evaluation.Reports;

/// <summary>summary.json: what the run was, how many cases it scored, the mean of every score, and where the time went.</summary>
/// <param name="Run">The run's description (mode, method, model, dataset...).</param>
/// <param name="Cases">Cases run.</param>
/// <param name="Failed">Cases whose edit was rejected (not scored).</param>
/// <param name="Metrics">Means per (metric, kind, protocol).</param>
/// <param name="Timings">Wall, edit and model seconds.</param>
/// <param name="OutsideModelFraction">Share of wall time outside the editor and the model.</param>
public sealed record RunSummary(RunInfo Run, int Cases, int Failed, IReadOnlyList<MetricSummary> Metrics, RunTimings Timings, double OutsideModelFraction)
{
    /// <summary>Summarises a run: scores are grouped by metric, kind and protocol, so protocols are never averaged together.</summary>
    public static RunSummary From(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metrics = result.Cases.SelectMany(c => c.Scores)
            .GroupBy(s => (s.Metric, s.Kind, s.Protocol))
            .Select(g =>
            {
                double mean = g.Average(s => s.Value);
                double sd = Math.Sqrt(g.Average(s => (s.Value - mean) * (s.Value - mean)));
                return new MetricSummary(g.Key.Metric, g.Key.Kind, g.Key.Protocol, mean, sd, g.Count());
            })
            .OrderBy(m => MetricOrder.Of(m.Metric)).ThenBy(m => m.Protocol).ThenBy(m => MetricOrder.KindRank(m.Kind)).ThenBy(m => m.Kind, StringComparer.Ordinal)
            .ToList();
        return new RunSummary(result.Info, result.Cases.Count, result.Cases.Count(c => c.Error is not null), metrics, result.Timings, result.Timings.OutsideFraction);
    }
}
