namespace Amend.Models.Hooks;

/// <summary>
/// The traces attached to one model. Every architecture's forward pass routes each hookable module
/// through <see cref="Run"/>; with no trace attached that costs one dictionary lookup.
/// </summary>
public sealed class HookRegistry
{
    private readonly Dictionary<HookPoint, List<Trace>> _traces = [];

    /// <summary>Number of attached traces.</summary>
    public int Count => _traces.Values.Sum(list => list.Count);

    /// <summary>Runs <paramref name="module"/> on <paramref name="input"/> at <paramref name="point"/>, applying attached traces.</summary>
    /// <exception cref="ForwardStoppedException">A trace at this point asked to stop the forward pass.</exception>
    public Tensor Run(HookPoint point, Tensor input, Func<Tensor, Tensor> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!_traces.TryGetValue(point, out var traces)) return module(input);
        foreach (var trace in traces) input = trace.OnInput(input);
        var output = module(input);
        bool stop = false;
        foreach (var trace in traces)
        {
            output = trace.OnOutput(output);
            stop |= trace.Stop;
        }

        return stop ? throw new ForwardStoppedException(point) : output;
    }

    internal void Add(Trace trace)
    {
        if (!_traces.TryGetValue(trace.Point, out var list)) _traces[trace.Point] = list = [];
        list.Add(trace);
    }

    internal void Remove(Trace trace)
    {
        if (!_traces.TryGetValue(trace.Point, out var list)) return;
        list.Remove(trace);
        if (list.Count == 0) _traces.Remove(trace.Point);
    }
}
