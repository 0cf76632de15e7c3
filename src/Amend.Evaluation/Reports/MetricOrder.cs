using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Reports;

/// <summary>KnowEdit's row order and names: Edit Succ., Generalization, Portability, Locality, Fluency.</summary>
internal static class MetricOrder
{
    private static readonly string[] Order = [MetricNames.Reliability, MetricNames.Generalization, MetricNames.Portability, MetricNames.Locality, MetricNames.Fluency];

    public static int Of(string metric) => Array.IndexOf(Order, metric) is int i and >= 0 ? i : Order.Length;

    // Kind-less and overall rows first, then the kinds.
    public static int KindRank(string? kind) => kind switch
    {
        null => 0,
        MetricNames.Overall => 1,
        _ => 2,
    };

    /// <summary>The row label: KnowEdit's name, the kind, and the protocol when it is not KnowEdit's default for the metric.</summary>
    public static string Label(string metric, string? kind, MetricProtocol protocol)
    {
        string name = metric switch
        {
            MetricNames.Reliability => "Edit Succ.",
            MetricNames.Generalization => "Generalization",
            MetricNames.Portability => "Portability",
            MetricNames.Locality => "Locality",
            MetricNames.Fluency => "Fluency",
            _ => metric,
        };
        if (kind is not null and not MetricNames.Overall) name += $" · {kind}";
        return IsDefault(metric, protocol) ? name : $"{name} [{protocol}]";
    }

    private static bool IsDefault(string metric, MetricProtocol protocol) => protocol switch
    {
        MetricProtocol.TokenAccuracy => metric is MetricNames.Reliability or MetricNames.Generalization or MetricNames.Portability,
        MetricProtocol.ArgmaxAgreement => metric == MetricNames.Locality,
        MetricProtocol.NGramEntropy => metric == MetricNames.Fluency,
        _ => false,
    };
}
