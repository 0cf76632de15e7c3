using Amend.Models.Hooks;
using Amend.Models.Inference;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.CausalTracing;

/// <summary>
/// Forward passes of the prompt with the subject corrupted by fixed noise, optionally restoring clean states.
/// One pass traces several tokens at once: rows g·S .. g·S + S - 1 are the S noisy samples restoring token g.
/// Below the lowest restored layer a pass equals the plain corrupted pass (the noise is fixed), so passes resume at that
/// layer from the corrupted pass's states (<see cref="ResumePoint"/>) instead of running the blocks below again.
/// A pass holds at most <paramref name="rowsPerPass"/> rows, so <paramref name="samples"/> must not exceed it.
/// </summary>
internal sealed class CorruptedRuns(CausalLanguageModel model, TracePrompt prompt, Tensor noise, int samples, int answer, int rowsPerPass)
{
    // The plain corrupted pass, run once: its answer probability and each block's input, (S, T, C).
    private (double Probability, IReadOnlyList<Tensor> Inputs)? _corrupted;

    /// <summary>Tokens one pass can restore in parallel.</summary>
    public int TokensPerPass => Math.Max(1, rowsPerPass / samples);

    /// <summary>The answer's probability with the subject corrupted and nothing restored, averaged over samples.</summary>
    public double Corrupted()
    {
        if (_corrupted is null)
        {
            var batch = new TokenBatch(Enumerable.Repeat(prompt.Ids, samples).ToList());
            using var corrupt = Corrupt(1);
            var pass = model.Run(batch, new ForwardOptions { OutputHiddenStates = true });
            _corrupted = (AnswerProbabilities(pass.Logits!, 1)[0], pass.HiddenStates!);
        }

        return _corrupted.Value.Probability;
    }

    /// <summary>
    /// For each of <paramref name="tokens"/>, the answer's mean probability when that token's state at every point of
    /// <paramref name="restore"/> is set back to its clean value (clean: (T, C) per point).
    /// </summary>
    public double[] Run(int[] tokens, IReadOnlyList<(HookPoint Point, Tensor Clean)> restore)
    {
        int rows = tokens.Length * samples;
        var batch = new TokenBatch(Enumerable.Repeat(prompt.Ids, rows).ToList());
        int[] rowIds = [.. Enumerable.Range(0, rows)];
        int[] restoredPositions = [.. rowIds.Select(r => tokens[r / samples])];
        var resume = ResumeBelow(restore, tokens.Length);
        var traces = new List<Trace> { Corrupt(tokens.Length) };
        try
        {
            foreach (var (point, clean) in restore)
            {
                var edit = TokenEdits.ReplaceAt(rowIds, restoredPositions, clean.IndexSelect(0, restoredPositions));
                traces.Add(new Trace(model.Hooks, point, new TraceOptions { RetainOutput = false, EditOutput = edit }));
            }

            var pass = model.Run(batch, new ForwardOptions { ResumeFrom = resume });
            return AnswerProbabilities(pass.Logits!, tokens.Length);
        }
        finally
        {
            foreach (var trace in traces) trace.Dispose();
        }
    }

    // The corrupted pass's input to the lowest restored block, repeated for each group. Runs the corrupted pass first
    // if needed, so it must be called before a pass attaches its traces.
    private ResumePoint? ResumeBelow(IReadOnlyList<(HookPoint Point, Tensor Clean)> restore, int groups)
    {
        Corrupted();
        return ResumePoint.Below(restore.Select(r => r.Point), _corrupted!.Value.Inputs)?.Repeat(groups);
    }

    // Adds the same noise to the subject's embeddings in every group of S rows (ROME reseeds per run).
    private Trace Corrupt(int groups)
    {
        int span = prompt.SubjectEnd - prompt.SubjectStart;
        int rows = groups * samples;
        int[] rowIds = [.. Enumerable.Range(0, rows * span).Select(i => i / span)];
        int[] positions = [.. Enumerable.Range(0, rows * span).Select(i => prompt.SubjectStart + (i % span))];
        var delta = groups == 1 ? noise : Tensor.Cat(0, [.. Enumerable.Repeat(noise, groups)]);
        return new Trace(model.Hooks, HookPoint.Embedding, new TraceOptions { RetainOutput = false, EditOutput = TokenEdits.AddAt(rowIds, positions, delta) });
    }

    // softmax(logits[:, -1]) averaged over each group's S rows, read at the answer token.
    private double[] AnswerProbabilities(Tensor logits, int groups)
    {
        int rows = logits.Shape[0], length = logits.Shape[1], vocab = logits.Shape[2];
        float[] probs = logits.Narrow(1, length - 1, 1).Reshape(rows, vocab).Softmax().ToArray();
        var means = new double[groups];
        for (int r = 0; r < rows; r++) means[r / samples] += probs[(r * vocab) + answer] / (double)samples;
        return means;
    }
}
