namespace Amend.Models.Checkpoints;

/// <summary>The names a model read, ignored and missed, shared by a <see cref="WeightSource"/> and every view pushed from it.</summary>
internal sealed class WeightUsageTracker
{
    private readonly object _gate = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ignored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);

    public void Used(string name)
    {
        lock (_gate) _used.Add(name);
    }

    public void Ignored(string name)
    {
        lock (_gate) _ignored.Add(name);
    }

    public void Missing(string name)
    {
        lock (_gate) _missing.Add(name);
    }

    public WeightUsageReport Report(IWeightStore store)
    {
        lock (_gate)
        {
            var unused = store.Names.Where(n => !_used.Contains(n) && !_ignored.Contains(n));
            return new WeightUsageReport(store.Description, Sorted(_used), Sorted(_ignored.Where(store.Contains)), Sorted(_missing), Sorted(unused));
        }
    }

    private static string[] Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToArray();
}
