using Amend.Models.Hooks;
using Amend.Models.Inference;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.Shared;

/// <summary>
/// Reads a module's input (the key k) and output (the value) at the subject's located token in each of several
/// prompts, as ROME's <c>repr_tools.get_reprs_at_word_tokens</c> does: the prompts are run in right-padded batches
/// with an attention mask, and the pass stops right after the module.
/// </summary>
public static class KeyCollector
{
    private const int BatchRows = 64;

    /// <summary>
    /// Writes <paramref name="subject"/> into each template ("{}" marks it), locates <paramref name="which"/> token,
    /// and reads <paramref name="point"/>'s input and output there. No gradients are recorded.
    /// </summary>
    /// <exception cref="EditRequestException">The subject cannot be located in a template.</exception>
    /// <exception cref="InvalidOperationException">The model's forward pass does not pass through <paramref name="point"/>.</exception>
    public static LocatedActivations Collect(EditableModel model, HookPoint point, IReadOnlyList<string> templates, string subject, FactToken which)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(templates);
        if (templates.Count == 0) throw new ArgumentException("KeyCollector: no templates to read keys from", nameof(templates));
        var locations = templates.Select(t => SubjectTokenLocator.Locate(model.Tokenizer, t, subject, which)).ToList();
        var keys = new List<Tensor>();
        var values = new List<Tensor>();
        using var noGrad = GradMode.Disable();
        for (int start = 0; start < locations.Count; start += BatchRows)
        {
            var chunk = locations.Skip(start).Take(BatchRows).ToList();
            var (k, v) = Read(model, point, chunk);
            keys.Add(k);
            values.Add(v);
        }

        return new LocatedActivations(Tensor.Cat(0, [.. keys]), Tensor.Cat(0, [.. values]), locations);
    }

    /// <summary>Rows of an activation (B, T, C) at one token per batch row: (B, C).</summary>
    public static Tensor AtTokens(Tensor activation, IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(positions);
        int t = activation.Shape[1], c = activation.Shape[2];
        return activation.Reshape(-1, c).IndexSelect(0, [.. positions.Select((p, row) => (row * t) + p)]);
    }

    private static (Tensor Keys, Tensor Values) Read(EditableModel model, HookPoint point, List<SubjectLocation> chunk)
    {
        var batch = TokenBatch.RightPadded([.. chunk.Select(l => l.Ids)], model.PadId);
        using var trace = new Trace(model.Model.Hooks, point, new TraceOptions { RetainInput = true, RetainOutput = true, Stop = true });
        model.Model.Run(batch);
        if (trace.Input is null || trace.Output is null) throw new InvalidOperationException($"the {model.Model.Architecture.ModelType} forward pass never reached {point}; keys cannot be read there");
        var positions = chunk.Select(l => l.Index).ToList();
        return (AtTokens(trace.Input, positions), AtTokens(trace.Output, positions));
    }
}
