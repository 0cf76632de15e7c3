namespace Amend.Evaluation.Metrics;

/// <summary>One number measured on one case.</summary>
/// <param name="Metric">A name from <see cref="MetricNames"/>.</param>
/// <param name="Kind">The probe kind for portability and locality ("Reasoning", "overall"...); null for the others.</param>
/// <param name="Value">On the scale the protocol states (most are percentages).</param>
/// <param name="Protocol">How it was measured.</param>
public sealed record Score(string Metric, string? Kind, double Value, MetricProtocol Protocol)
{
    /// <summary>"metric", "metric[kind]", with the protocol: the key summaries group by.</summary>
    public string Key => Kind is null ? $"{Metric} ({Protocol})" : $"{Metric}[{Kind}] ({Protocol})";
}
