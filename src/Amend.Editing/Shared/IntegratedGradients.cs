using Amend.Models.Hooks;
using Amend.Models.Inference;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.Shared;

/// <summary>
/// Integrated gradients (Sundararajan et al. 2017) of an answer token's probability with respect to the FFN
/// intermediate activation a of one layer at a sequence's last token: the input of the MLP output projection,
/// GELU(x·W_fc) for GPT-2 and SiLU(x·W_gate)·(x·W_up) for LLaMA, one coefficient per neuron (Dai et al. 2022).
/// <code>
/// IG_i = a_i · (1/m) Σₖ ∂p(y | a ← αₖ·a)/∂a_i,   αₖ = k/(m−1), k = 0..m−1   (α₀ = 0 alone when m = 1)
/// </code>
/// The grid is EasyEdit's <c>torch.linspace(0, 1, m)</c>, both ends included, so Σᵢ IGᵢ approaches
/// p(y | a) − p(y | a ← 0) as m grows (completeness). Only the last token of one layer is replaced; every other
/// position and layer runs as usual. The model's weights are only read.
/// </summary>
public static class IntegratedGradients
{
    /// <summary>The interpolation factors αₖ of an m-step path from 0 to the activation.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1.</exception>
    public static float[] Alphas(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return steps == 1 ? [0f] : [.. Enumerable.Range(0, steps).Select(k => (float)k / (steps - 1))];
    }

    /// <summary>The intermediate activation at the last token of <paramref name="ids"/>, for every layer: [layer][neuron]. No gradients are recorded.</summary>
    /// <exception cref="InvalidOperationException">The forward pass does not pass through the MLP output projections.</exception>
    public static float[][] Activations(CausalLanguageModel model, int[] ids) => CleanPass(model, ids).Activations;

    /// <summary>
    /// One clean pass over <paramref name="ids"/>: the intermediate activation at the last token of every layer
    /// ([layer][neuron]), and the residual stream entering every block ((1, T, C) each, for <see cref="Attribute"/>'s
    /// blockInput). No gradients are recorded.
    /// </summary>
    /// <exception cref="InvalidOperationException">The forward pass does not pass through the MLP output projections.</exception>
    public static (float[][] Activations, IReadOnlyList<Tensor> BlockInputs) CleanPass(CausalLanguageModel model, int[] ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSequence(ids);
        int layers = model.Architecture.NumLayers;
        using var noGrad = GradMode.Disable();
        var traces = Enumerable.Range(0, layers)
            .Select(l => new Trace(model.Hooks, HookPoint.MlpOutputProjection(l), new TraceOptions { RetainInput = true, RetainOutput = false, Stop = l == layers - 1 }))
            .ToArray();
        try
        {
            var pass = model.Run(TokenBatch.Single(ids), new ForwardOptions { OutputHiddenStates = true });
            return ([.. traces.Select(t => LastToken(t.Input ?? throw Unreached(model, t.Point), ids.Length))], pass.HiddenStates!);
        }
        finally
        {
            foreach (var trace in traces) trace.Dispose();
        }
    }

    /// <summary>
    /// p(<paramref name="answer"/>) at the last token of <paramref name="ids"/> and its gradient, with layer
    /// <paramref name="layer"/>'s intermediate activation there replaced by each of <paramref name="activations"/>,
    /// all rows in one batched forward and backward pass.
    /// </summary>
    /// <param name="model">The model, read only.</param>
    /// <param name="ids">The sequence.</param>
    /// <param name="answer">The token whose probability is differentiated.</param>
    /// <param name="layer">The layer whose activation is replaced.</param>
    /// <param name="activations">The replacements, one batch row each.</param>
    /// <param name="blockInput">
    /// Optional: the residual stream entering block <paramref name="layer"/> for <paramref name="ids"/>, (1, T, C), from
    /// <see cref="CleanPass"/>; the blocks below it then are not run again. The result is the same to float32 rounding
    /// (that one-row pass may sum its products in another blocking than this batch).
    /// </param>
    /// <exception cref="ArgumentException">No activations, or one of the wrong width, or an answer outside the vocabulary.</exception>
    public static ProbabilityGradients Evaluate(CausalLanguageModel model, int[] ids, int answer, int layer, IReadOnlyList<float[]> activations, Tensor? blockInput = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(activations);
        CheckSequence(ids);
        if ((uint)answer >= (uint)model.VocabSize) throw new ArgumentException($"IntegratedGradients: answer token {answer} is outside the vocabulary (0..{model.VocabSize - 1})", nameof(answer));
        if (activations.Count == 0) throw new ArgumentException("IntegratedGradients: give at least one activation to evaluate", nameof(activations));
        int rows = activations.Count, width = activations[0].Length, last = ids.Length - 1;
        var flat = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            if (activations[r].Length != width) throw new ArgumentException($"IntegratedGradients: activation {r} has {activations[r].Length} neurons, activation 0 has {width}", nameof(activations));
            activations[r].CopyTo(flat, r * width);
        }

        // a: (rows, width), the leaf whose gradient is wanted, written over the last token of every batch row.
        var replacement = Tensor.Wrap(flat, new Shape(rows, width)).RequireGrad();
        int[] batchRows = [.. Enumerable.Range(0, rows)], lastTokens = [.. Enumerable.Repeat(last, rows)];
        var point = HookPoint.MlpOutputProjection(layer);
        using var edit = new Trace(model.Hooks, point, new TraceOptions { RetainOutput = false, EditInput = TokenEdits.ReplaceAt(batchRows, lastTokens, replacement) });
        using var read = new Trace(model.Hooks, HookPoint.Block(model.Architecture.NumLayers - 1), new TraceOptions { Stop = true });
        var resume = blockInput is null ? null : new ResumePoint(layer, blockInput).Repeat(rows);
        model.Run(new TokenBatch([.. Enumerable.Repeat(ids, rows)]), new ForwardOptions { ResumeFrom = resume });
        var hidden = read.Output ?? throw Unreached(model, read.Point);

        // Only the last token goes through the head: p = softmax(head(h_last))[answer], (rows, 1).
        var probabilities = model.HeadLogits(KeyCollector.AtTokens(hidden, lastTokens)).Softmax().IndexSelect(1, [answer]);
        var gradient = probabilities.Sum().Backward().Get(replacement)?.ToFloat32().ToArray() ?? new float[flat.Length];
        return new ProbabilityGradients(
            [.. probabilities.ToArray().Select(p => (double)p)],
            [.. Enumerable.Range(0, rows).Select(r => gradient.AsSpan(r * width, width).ToArray())]);
    }

    /// <summary>
    /// IGᵢ for every neuron of <paramref name="layer"/> (see the type's formula), the m path points evaluated
    /// <paramref name="batchSize"/> rows per forward pass.
    /// </summary>
    /// <remarks><paramref name="blockInput"/>: as in <see cref="Evaluate"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="batchSize"/> is below 1.</exception>
    public static float[] Attribute(CausalLanguageModel model, int[] ids, int answer, int layer, float[] activation, int steps, int batchSize, Tensor? blockInput = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var sum = new double[activation.Length];
        foreach (var chunk in Alphas(steps).Chunk(batchSize))
        {
            var points = chunk.Select(alpha => activation.Select(a => alpha * a).ToArray()).ToArray();
            foreach (var row in Evaluate(model, ids, answer, layer, points, blockInput).Gradients)
            {
                for (int i = 0; i < sum.Length; i++) sum[i] += row[i];
            }
        }

        return [.. activation.Select((a, i) => (float)(a * sum[i] / steps))];
    }

    private static float[] LastToken(Tensor activation, int length)
    {
        int width = activation.Shape[2];
        return activation.Narrow(1, length - 1, 1).Reshape(width).ToFloat32().ToArray();
    }

    private static void CheckSequence(int[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length == 0) throw new ArgumentException("IntegratedGradients: the sequence has no tokens", nameof(ids));
    }

    private static InvalidOperationException Unreached(CausalLanguageModel model, HookPoint point) =>
        new($"the {model.Architecture.ModelType} forward pass never reached {point}; its intermediate activations cannot be attributed");
}
