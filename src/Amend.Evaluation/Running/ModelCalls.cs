using Amend.Models.Generation;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Amend.Evaluation.Running;

/// <summary>
/// Every forward pass and generation the evaluation makes, batched and timed, so the runner can report how
/// much of its wall time is the model's.
/// </summary>
internal sealed class ModelCalls(EditableModel model)
{
    // Rows per forward pass: large enough to amortise the weights, small enough that (rows, T, vocab) logits fit.
    private const int MaxRows = 16;
    private readonly Stopwatch _clock = new();

    /// <summary>Time spent inside the model (forward passes and generation).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public int[] EncodePrompt(string text) => model.EncodePrompt(text);

    public string Decode(IReadOnlyList<int> ids) => model.Tokenizer.Decode(ids.ToArray(), skipSpecialTokens: true);

    /// <summary>Teacher-forces each (prompt, answer) pair; rows of similar length share a pass.</summary>
    public IReadOnlyList<TeacherForced> TeacherForce(IReadOnlyList<(string Prompt, string Answer)> pairs, bool keepLogits = false)
    {
        var rows = pairs.Select(p => Tokenize(p.Prompt, p.Answer)).ToArray();
        var results = new TeacherForced[rows.Length];
        var order = Enumerable.Range(0, rows.Length).Where(i => rows[i].Ids.Length > rows[i].PromptLength).OrderBy(i => rows[i].Ids.Length).ToArray();
        foreach (int i in Enumerable.Range(0, rows.Length).Except(order)) results[i] = new TeacherForced([], [], []);
        foreach (var chunk in order.Chunk(MaxRows))
        {
            var batch = TokenBatch.LeftPadded([.. chunk.Select(i => rows[i].Ids)], model.PadId);
            Tensor logits;
            _clock.Start();
            using (GradMode.Disable()) logits = model.Model.Logits(batch);
            _clock.Stop();
            for (int b = 0; b < chunk.Length; b++) results[chunk[b]] = Read(logits, b, batch.Length, rows[chunk[b]], keepLogits);
        }

        return results;
    }

    /// <summary>Continues each prompt by up to <paramref name="maxNewTokens"/> tokens: greedy when <paramref name="topK"/> is 0, else top-k sampling from <paramref name="seed"/>.</summary>
    /// <remarks>Generation stops at the model's context length (a small model's 64 positions cut a 100-token fluency text short).</remarks>
    public IReadOnlyList<int[]> Generate(IReadOnlyList<int[]> prompts, int maxNewTokens, int topK = 0, int seed = 0)
    {
        maxNewTokens = Math.Min(maxNewTokens, model.Model.MaxPositions - prompts.Max(p => p.Length));
        if (maxNewTokens <= 0) return [.. prompts.Select(_ => Array.Empty<int>())];
        var options = new GenerationOptions { MaxNewTokens = maxNewTokens, TopK = topK, Temperature = topK > 0 ? 1f : 0f, Seed = seed };
        _clock.Start();
        try
        {
            return [.. new TextGenerator(model.Model, model.Tokenizer).Generate(prompts, options).Select(s => s.TokenIds.ToArray())];
        }
        finally
        {
            _clock.Stop();
        }
    }

    private (int[] Ids, int PromptLength) Tokenize(string prompt, string answer)
    {
        int[] ids = model.EncodePrompt(prompt + " " + answer);
        return (ids, Math.Clamp(model.EncodePrompt(prompt).Length, 1, ids.Length));
    }

    // logits: (B, T, V), row b left-padded; the answer's token j sits at pad + promptLength + j and is predicted one position earlier.
    private static TeacherForced Read(Tensor logits, int b, int length, (int[] Ids, int PromptLength) row, bool keepLogits)
    {
        int pad = length - row.Ids.Length, count = row.Ids.Length - row.PromptLength, vocab = logits.Shape[2];
        float[] slab = logits.Narrow(0, b, 1).Narrow(1, pad + row.PromptLength - 1, count).ToArray();
        var labels = row.Ids[row.PromptLength..];
        var predicted = new int[count];
        var logProbs = new double[count];
        var kept = keepLogits ? new float[count][] : null;
        var scratch = new float[vocab];
        for (int j = 0; j < count; j++)
        {
            var position = slab.AsSpan(j * vocab, vocab);
            predicted[j] = TensorPrimitives.IndexOfMax(position);
            logProbs[j] = position[labels[j]] - LogSumExp(position, position[predicted[j]], scratch);
            if (kept is not null) kept[j] = position.ToArray();
        }

        return new TeacherForced(labels, predicted, logProbs, kept);
    }

    // log Σ exp(v) = max + log Σ exp(v − max), vectorised through a scratch row.
    private static double LogSumExp(ReadOnlySpan<float> values, float max, Span<float> scratch)
    {
        TensorPrimitives.Subtract(values, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return max + Math.Log(TensorPrimitives.Sum(scratch));
    }
}
