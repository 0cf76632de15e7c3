using Amend.Models.Inference;
using Amend.Models.Tokenizers;
using Amend.Tensors.Optim;

namespace Amend.World.Training;

/// <summary>
/// Trains a causal language model on sentences: each epoch shuffles the sentences (seeded), packs them into
/// rows (<see cref="SequencePacker"/>), and each step minimises next-token cross-entropy over one batch of
/// rows with AdamW (decay on matrices and embeddings only), global-norm clipping and the warm-up + cosine
/// schedule. Everything but wall time is a function of the seeds, so a rerun is bit-identical.
/// </summary>
public sealed class Trainer(CausalLanguageModel model, ITokenizer tokenizer, TrainingOptions options)
{
    private const double RunningWeight = 0.05;

    /// <summary>Runs every step; <paramref name="onStep"/> sees each one and <paramref name="onCheckpoint"/> is called every <see cref="TrainingOptions.CheckpointEvery"/> steps with the step number.</summary>
    /// <returns>The loss curve, one entry per step.</returns>
    /// <exception cref="ArgumentException">There are no sentences, or too few tokens for one training row.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; it is checked before each step, so the weights are those after the last whole step.</exception>
    /// <exception cref="InvalidOperationException">The loss or the gradient norm of a step is not finite (the step is not taken).</exception>
    public IReadOnlyList<TrainingStep> Train(IReadOnlyList<string> sentences, Action<TrainingStep>? onStep = null, Action<int>? onCheckpoint = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        options.Validate();
        if (sentences.Count == 0) throw new ArgumentException("training needs at least one sentence", nameof(sentences));
        int[][] atStart = [.. sentences.Select(s => tokenizer.Encode(s, addSpecialTokens: false))];
        int[][] afterSpace = [.. sentences.Select(s => tokenizer.Encode(" " + s, addSpecialTokens: false))];
        if (SequencePacker.Pack(atStart, afterSpace, [.. Enumerable.Range(0, atStart.Length)], options.SequenceLength).Count == 0)
        {
            throw new ArgumentException($"the {sentences.Count} sentences give no training row of 2 or more tokens (a row predicts each token from the ones before it)", nameof(sentences));
        }
        var random = new Random(options.Seed);
        var parameters = model.Parameters.Select(p => p.Value.RequireGrad()).ToList();
        var decayed = new AdamW(parameters.Where(p => p.Shape.Rank >= 2), options.LearningRate, beta2: 0.99, weightDecay: options.WeightDecay);
        var plain = new AdamW(parameters.Where(p => p.Shape.Rank < 2), options.LearningRate, beta2: 0.99, weightDecay: 0);
        var rows = new Queue<int[]>();
        var curve = new List<TrainingStep>(options.Steps);
        var clock = Stopwatch.StartNew();
        double average = 0;
        for (int step = 0; step < options.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = NextBatch(rows, atStart, afterSpace, random);
            double lr = LearningRateSchedule.At(step, options);
            (double loss, double norm) = Update(batch, parameters, lr, decayed, plain, step + 1);
            average = RunningWeight * loss + (1 - RunningWeight) * average;
            double running = average / (1 - Math.Pow(1 - RunningWeight, step + 1));
            var report = new TrainingStep(step + 1, options.Steps, loss, running, lr, norm, clock.Elapsed);
            curve.Add(report);
            onStep?.Invoke(report);
            if (options.CheckpointEvery > 0 && (step + 1) % options.CheckpointEvery == 0 && step + 1 < options.Steps) onCheckpoint?.Invoke(step + 1);
        }

        return curve;
    }

    // A non-finite loss or gradient stops training: hours more would only save a model of NaNs.
    private (double Loss, double Norm) Update(List<int[]> batch, List<Tensor> parameters, double lr, AdamW decayed, AdamW plain, int step)
    {
        int length = batch.Max(r => r.Length) - 1;
        var inputs = new int[batch.Count][];
        var targets = new int[batch.Count * length];
        Array.Fill(targets, -100);
        for (int b = 0; b < batch.Count; b++)
        {
            // Right padding needs no mask: causal attention keeps real positions from seeing the pads, whose targets are ignored.
            inputs[b] = new int[length];
            Array.Copy(batch[b], inputs[b], batch[b].Length - 1);
            Array.Copy(batch[b], 1, targets, b * length, batch[b].Length - 1);
        }

        var logits = model.Logits(new TokenBatch(inputs));
        var loss = logits.Reshape(-1, model.VocabSize).CrossEntropy(targets);
        double value = loss.Item();
        var gradients = loss.Backward();
        double norm = GradientClipping.ClipByGlobalNorm(parameters, gradients, options.ClipNorm);
        if (!double.IsFinite(value) || !double.IsFinite(norm))
        {
            throw new InvalidOperationException(FormattableString.Invariant($"training diverged at step {step} of {options.Steps}: loss {value}, gradient norm {norm}; lower the learning rate or the clip"));
        }

        decayed.LearningRate = lr;
        plain.LearningRate = lr;
        decayed.Step(gradients);
        plain.Step(gradients);
        return (value, norm);
    }

    private List<int[]> NextBatch(Queue<int[]> rows, int[][] atStart, int[][] afterSpace, Random random)
    {
        var batch = new List<int[]>(options.BatchSize);
        while (batch.Count < options.BatchSize)
        {
            if (rows.Count == 0)
            {
                int[] order = [.. Enumerable.Range(0, atStart.Length)];
                random.Shuffle(order);
                foreach (var row in SequencePacker.Pack(atStart, afterSpace, order, options.SequenceLength)) rows.Enqueue(row);
            }

            batch.Add(rows.Dequeue());
        }

        return batch;
    }
}
