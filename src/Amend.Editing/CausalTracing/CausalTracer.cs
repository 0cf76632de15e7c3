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

    /// <summary>
    /// The most rows one forward pass holds: with many samples, logits (rows, T, vocab) and the corrupted states the
    /// passes resume from would otherwise grow with the sample count (64 rows of GPT-2 at 10 tokens: 129 MB of logits).
    /// </summary>
    internal int RowsPerPass { get; init; } = 64;

    // σ of the embedding matrix reads every entry (80M for GPT-2 XL), so it is measured once per tracer.
    private double? _embeddingStd;

    /// <summary>
    /// Checks what <see cref="Trace"/> would refuse without a model: an empty subject or target, a subject not in the
    /// prompt. A command calls it before a model loads.
    /// </summary>
    /// <exception cref="EditRequestException">The subject is empty or not in the prompt, or the target is empty.</exception>
    public static void RequireValidText(string prompt, string subject, string? target = null) => TracePrompt.Template(prompt, subject, target);

    /// <summary>
    /// Traces <paramref name="prompt"/> ("The Eiffel Tower is in", or "{} is in") with <paramref name="subject"/> corrupted.
    /// The answer is the clean prediction, or the first token of <paramref name="target"/> when given.
    /// </summary>
    /// <exception cref="EditRequestException">The subject is not in the prompt, or the target adds no token.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (samples or window below 1, negative noise), or the
    /// noise is so large that the corrupted runs' probabilities are not finite.</exception>
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
        var (scores, corrupted) = Scores(network, query, noise, answer, cleanStates, options);
        if (!double.IsFinite(corrupted) || scores.Cast<double>().Any(score => !double.IsFinite(score)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"a noise std of {noiseStd:G3} drove the corrupted runs' probabilities to NaN: trace with a smaller noise (--noise or --noise-std; CausalTraceOptions.Noise or EmbeddingStd in code)");
        }

        return new TraceResult(
            [.. query.Ids.Select(id => _model.Tokenizer.Decode([id]))], query.SubjectStart, query.SubjectEnd, options.Kind, options.EffectiveWindow,
            scores, cleanProbs[answer], corrupted, answer, _model.Tokenizer.Decode([answer]), noiseStd, options.Samples);
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
        int to = (int)Math.Min(layers, layer + ((window + 1L) / 2));
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

    // Samples are traced in chunks of at most RowsPerPass, one chunk's corrupted states alive at a time, and each chunk's
    // means weighted by its share of the samples: memory stays that of one chunk however many samples are asked for.
    private (double[,] Scores, double Corrupted) Scores(CausalLanguageModel network, TracePrompt query, Tensor noise, int answer, Tensor[] clean, CausalTraceOptions options)
    {
        int span = query.SubjectEnd - query.SubjectStart, samples = options.Samples;
        int chunks = (samples + RowsPerPass - 1) / RowsPerPass;
        var scores = new double[query.Ids.Length, clean.Length];
        double corrupted = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            int first = chunk * RowsPerPass, count = Math.Min(RowsPerPass, samples - first);
            var runs = new CorruptedRuns(network, query, noise.Narrow(0, first * span, count * span), count, answer, RowsPerPass);
            double weight = count / (double)samples;
            corrupted += weight * runs.Corrupted();
            AddChunkScores(runs, weight, scores, clean, options, (chunk, chunks));
        }

        return (scores, corrupted);
    }

    private static void AddChunkScores(CorruptedRuns runs, double weight, double[,] scores, Tensor[] clean, CausalTraceOptions options, (int Index, int Count) chunk)
    {
        int tokens = scores.GetLength(0), layers = clean.Length;
        for (int layer = 0; layer < layers; layer++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var restore = WindowAround(layer, options.EffectiveWindow, layers).Select(l => (PointOf(options.Kind, l), clean[l])).ToArray();
            for (int first = 0; first < tokens; first += runs.TokensPerPass)
            {
                int[] group = [.. Enumerable.Range(first, Math.Min(runs.TokensPerPass, tokens - first))];
                double[] probs = runs.Run(group, restore);
                for (int i = 0; i < group.Length; i++) scores[group[i], layer] += weight * probs[i];
            }

            options.Progress?.Report(new EditProgress($"causal trace ({options.Kind})", (chunk.Index * layers) + layer + 1, chunk.Count * layers));
        }
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
