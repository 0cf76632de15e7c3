namespace Amend.Models.Hooks;

/// <summary>What a <see cref="Trace"/> does at its point. By default it retains the output only.</summary>
public sealed record TraceOptions
{
    /// <summary>Keep the module's input.</summary>
    public bool RetainInput { get; init; }

    /// <summary>Keep the module's output (default true).</summary>
    public bool RetainOutput { get; init; } = true;

    /// <summary>Replace the module's input before it runs.</summary>
    public Func<Tensor, Tensor>? EditInput { get; init; }

    /// <summary>Replace the module's output after it runs.</summary>
    public Func<Tensor, Tensor>? EditOutput { get; init; }

    /// <summary>End the forward pass after this module.</summary>
    public bool Stop { get; init; }
}
