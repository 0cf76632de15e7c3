namespace Amend.Models.Hooks;

/// <summary>Several traces with the same options, attached and disposed together (e.g. every layer's MLP output projection).</summary>
public sealed class TraceSet : IDisposable
{
    private readonly Dictionary<HookPoint, Trace> _traces;

    /// <summary>Attaches one trace per point.</summary>
    public TraceSet(HookRegistry registry, IEnumerable<HookPoint> points, TraceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        _traces = [];
        try
        {
            foreach (var point in points.Distinct()) _traces[point] = new Trace(registry, point, options);
        }
        catch
        {
            // A set that fails to attach must not leave the traces it did attach in the registry.
            Dispose();
            throw;
        }
    }

    /// <summary>The trace at <paramref name="point"/>.</summary>
    public Trace this[HookPoint point] => _traces.TryGetValue(point, out var trace) ? trace : throw new KeyNotFoundException($"no trace at {point} in this set");

    /// <summary>Detaches every trace.</summary>
    public void Dispose()
    {
        foreach (var trace in _traces.Values) trace.Dispose();
    }
}
