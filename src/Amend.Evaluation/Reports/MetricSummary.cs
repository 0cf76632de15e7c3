using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Reports;

/// <summary>The mean of one (metric, kind, protocol) over the cases that have it.</summary>
/// <param name="Metric">A name from <see cref="MetricNames"/>.</param>
/// <param name="Kind">The probe kind, "overall", or null.</param>
/// <param name="Protocol">How every averaged score was measured (never mixed).</param>
/// <param name="Mean">Mean over cases.</param>
/// <param name="StandardDeviation">Population standard deviation over cases.</param>
/// <param name="Count">Cases averaged.</param>
public sealed record MetricSummary(string Metric, string? Kind, MetricProtocol Protocol, double Mean, double StandardDeviation, int Count);
