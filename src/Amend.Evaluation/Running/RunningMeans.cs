using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Running;

/// <summary>Means so far of the headline scores (overall or kind-less), for the progress display.</summary>
internal sealed class RunningMeans
{
    private readonly Dictionary<string, (double Sum, int Count)> _sums = [];

    public void Add(IEnumerable<Score> scores)
    {
        foreach (var s in scores.Where(s => s.Kind is null or MetricNames.Overall))
        {
            var (sum, count) = _sums.GetValueOrDefault(s.Key);
            _sums[s.Key] = (sum + s.Value, count + 1);
        }
    }

    public IReadOnlyDictionary<string, double> Snapshot() => _sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count);
}
