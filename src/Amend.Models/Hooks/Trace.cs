namespace Amend.Models.Hooks;

/// <summary>
/// The one hook primitive (after ROME's nethook.Trace): at one <see cref="HookPoint"/>, optionally
/// retain the module's input and output, replace either through a function, and stop the forward pass
/// after the module (for statistics that need only early layers). Active from construction until disposed.
/// </summary>
/// <remarks>
/// Replacements are ordinary tensor operations, so a delta added in <see cref="EditOutput"/> that requires
/// grad receives gradients through autograd. Retained tensors are kept as produced (not copied).
/// </remarks>
public sealed class Trace : IDisposable
{
    private readonly HookRegistry _registry;

    /// <summary>Attaches a trace to <paramref name="registry"/> (a model's <c>Hooks</c>).</summary>
    public Trace(HookRegistry registry, HookPoint point, TraceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(point);
        _registry = registry;
        Point = point;
        var o = options ?? new TraceOptions();
        RetainInput = o.RetainInput;
        RetainOutput = o.RetainOutput;
        EditInput = o.EditInput;
        EditOutput = o.EditOutput;
        Stop = o.Stop;
        registry.Add(this);
    }

    /// <summary>Where the trace sits.</summary>
    public HookPoint Point { get; }

    /// <summary>Keep <see cref="Input"/>.</summary>
    public bool RetainInput { get; }

    /// <summary>Keep <see cref="Output"/>.</summary>
    public bool RetainOutput { get; }

    /// <summary>Replaces the module's input before it runs.</summary>
    public Func<Tensor, Tensor>? EditInput { get; }

    /// <summary>Replaces the module's output after it runs.</summary>
    public Func<Tensor, Tensor>? EditOutput { get; }

    /// <summary>End the forward pass right after this module.</summary>
    public bool Stop { get; }

    /// <summary>The module's input in the latest forward pass (after any edit), when retained.</summary>
    public Tensor? Input { get; private set; }

    /// <summary>The module's output in the latest forward pass (after any edit), when retained.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>Detaches the trace from its model.</summary>
    public void Dispose() => _registry.Remove(this);

    internal Tensor OnInput(Tensor input)
    {
        if (EditInput is not null) input = EditInput(input);
        if (RetainInput) Input = input;
        return input;
    }

    internal Tensor OnOutput(Tensor output)
    {
        if (EditOutput is not null) output = EditOutput(output);
        if (RetainOutput) Output = output;
        return output;
    }
}
