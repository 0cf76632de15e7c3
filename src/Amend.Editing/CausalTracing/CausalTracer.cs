using Amend.Models.Hooks;
using Amend.Models.Inference;

namespace Amend.Editing.CausalTracing;

/// <summary>
/// Causal tracing (Meng et al. 2022, "Locating and Editing Factual Associations in GPT", §2.1): corrupt the subject's
/// token embeddings with Gaussian noise, then restore one clean hidden state (or a window of layers of it) at each
/// (token, layer) and measure how much of the answer's probability comes back.
/// </summary>
/// <remarks>
/// As ROME's trace_with_patch: the noise is drawn once from a seeded generator and reused for every restoration, so
/// score differences come from the restoration alone; scores average softmax(logits[-1])[answer] over the samples.
/// </remarks>
public sealed class CausalTracer(EditableModel model)
{
    private readonly EditableModel _model = model ?? throw new ArgumentNullException(nameof(model));

    // σ of the embedding matrix reads every entry (80M for GPT-2 XL), so it is measured once per tracer.
    private double? _embeddingStd;

    /// <summary>
    /// Traces <paramref name="prompt"/> ("The Eiffel Tower is in", or "{} is in") with <paramref name="subject"/> corrupted.
    /// The answer is the clean prediction, or the first token of <paramref name="target"/> when given.
    /// </summary>
    /// <exception cref="EditRequestException">The subject is not in the prompt, or the target adds no token.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (samples or window below 1, negative noise).</exception>
    public TraceResult Trace(string prompt, string subject, string? target = null, CausalTraceOptions? options = null)
    {
        options ??= new CausalTraceOptions();
        options.Validate();
        var query = TracePrompt.Create(_model, prompt, subject, target);
        var network = _model.Model;
        int layers = network.Architecture.NumLayers;
        using var noGrad = GradMode.Disable();
        var (cleanProbs, cleanStates) = CleanRun(network, query.Ids, options.Kind, layers);
        int answer = query.TargetId ?? ArgMax(cleanProbs);
        double noiseStd = options.Noise * (options.EmbeddingStd ?? (_embeddingStd ??= SubjectNoise.EmbeddingStd(network)));
        int width = cleanStates[0].Shape[1];
        var noise = SubjectNoise.Sample(options.Samples, query.SubjectEnd - query.SubjectStart, width, noiseStd, options.Seed);
        var runs = new CorruptedRuns(network, query, noise, options.Samples, answer);
        var scores = Scores(runs, query.Ids.Length, cleanStates, options);
        return new TraceResult(
            [.. query.Ids.Select(id => _model.Tokenizer.Decode([id]))], query.SubjectStart, query.SubjectEnd, options.Kind, options.EffectiveWindow,
            scores, cleanProbs[answer], runs.Corrupted(), answer, _model.Tokenizer.Decode([answer]), noiseStd, options.Samples);
    }

    /// <summary>The hook point restored for <paramref name="kind"/> at <paramref name="layer"/>.</summary>
    public static HookPoint PointOf(CausalTraceKind kind, int layer) => kind switch
    {
        CausalTraceKind.Mlp => HookPoint.Mlp(layer),
        CausalTraceKind.Attention => HookPoint.Attention(layer),
        _ => HookPoint.Block(layer),
    };

    /// <summary>ROME's window around <paramref name="layer"/>: layers L - ⌊w/2⌋ .. L + ⌈w/2⌉ - 1 within 0 .. layers - 1.</summary>
    public static IEnumerable<int> WindowAround(int layer, int window, int layers)
    {
        int from = Math.Max(0, layer - (window / 2));
        int to = Math.Min(layers, layer + ((window + 1) / 2));
        return Enumerable.Range(from, to - from);
    }

    // The clean next-token distribution and the clean output (T, C) of every layer's point of the traced kind.
    private static (float[] Probs, Tensor[] States) CleanRun(CausalLanguageModel network, int[] ids, CausalTraceKind kind, int layers)
    {
        var points = Enumerable.Range(0, layers).Select(l => PointOf(kind, l)).ToArray();
        using var traces = new TraceSet(network.Hooks, points);
        var logits = network.Logits(TokenBatch.Single(ids));
        float[] probs = logits.Narrow(1, ids.Length - 1, 1).Reshape(-1).Softmax().ToArray();
        var states = points.Select(p => traces[p].Output!.Reshape(ids.Length, -1)).ToArray();
        return (probs, states);
    }

    private static double[,] Scores(CorruptedRuns runs, int tokens, Tensor[] clean, CausalTraceOptions options)
    {
        int layers = clean.Length;
        var scores = new double[tokens, layers];
        for (int layer = 0; layer < layers; layer++)
        {
            var restore = WindowAround(layer, options.EffectiveWindow, layers).Select(l => (PointOf(options.Kind, l), clean[l])).ToArray();
            for (int first = 0; first < tokens; first += runs.TokensPerPass)
            {
                int[] chunk = [.. Enumerable.Range(first, Math.Min(runs.TokensPerPass, tokens - first))];
                double[] probs = runs.Run(chunk, restore);
                for (int i = 0; i < chunk.Length; i++) scores[chunk[i], layer] = probs[i];
            }

            options.Progress?.Report(new EditProgress($"causal trace ({options.Kind})", layer + 1, layers));
        }

        return scores;
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }

        return best;
    }
}
