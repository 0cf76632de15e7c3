using Amend.Models.Architectures;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Tensors.Linalg;
using Trace = Amend.Models.Hooks.Trace;
using TraceOptions = Amend.Models.Hooks.TraceOptions;

namespace Amend.Editing.Statistics;

/// <summary>
/// Computes C = E[k kᵀ] of the keys entering the MLP output projection of one or more layers over a corpus,
/// as EasyEdit's layer_stats does: each selected row is tokenised (with the tokenizer's special tokens) and
/// truncated to the max length, rows with no tokens are skipped, groups of 100 rows are sorted by length and
/// cut into right-padded batches of at most the batch-token budget, and every real (non-padding) position
/// contributes its key. All layers come from one forward pass that stops after the deepest of them.
/// </summary>
/// <remarks>
/// Rows are read in file order (EasyEdit reads its sample in shuffled order); the sum is the same up to
/// rounding. Σ k kᵀ is accumulated in float64 by a symmetric rank-k update per batch. Truncation keeps the
/// first max-length ids of the encoded row, so a BOS is kept but an EOS a tokenizer appends would be cut.
/// </remarks>
public sealed class LayerStatistics
{
    private const int GroupRows = 100;
    private readonly StatisticsOptions _options;
    private double[] _keys = [];

    /// <summary>Prepares a run over <paramref name="layers"/> of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer is outside the model's blocks, or the max length is invalid.</exception>
    /// <exception cref="ArgumentException">No layers, or the architecture has no MLP output projection.</exception>
    public LayerStatistics(EditableModel model, IReadOnlyList<int> layers, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("statistics need at least one layer", nameof(layers));
        Model = model;
        Layers = [.. layers.Distinct().Order()];
        Widths = [.. Layers.Select(layer => KeyWidth(model.Model, layer))];
        _options = options ?? new StatisticsOptions();
        MaxLength = _options.ResolveMaxLength(model.Model.MaxPositions);
        BatchTokens = _options.BatchTokens ?? (3 * MaxLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchTokens, nameof(StatisticsOptions.BatchTokens));
    }

    /// <summary>The model whose keys are measured.</summary>
    public EditableModel Model { get; }

    /// <summary>The layers, ascending and distinct.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Key width d of each layer (the MLP output projection's input features).</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Tokens kept per row.</summary>
    public int MaxLength { get; }

    /// <summary>Most padded tokens per forward pass.</summary>
    public int BatchTokens { get; }

    /// <summary>The input width of <paramref name="layer"/>'s MLP output projection, from its weight.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer is outside the model's blocks.</exception>
    public static int KeyWidth(CausalLanguageModel model, int layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shape = model.Weight(ModuleRole.MlpOutputProjection, layer).Shape;
        return model.Architecture.ProjectionLayout == WeightLayout.InByOut ? shape[0] : shape[1];
    }

    /// <summary>Computes the statistics over the selected rows of <paramref name="corpus"/>, without any cache.</summary>
    /// <exception cref="InvalidDataException">The corpus has no rows, or no selected row has a token.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token fired.</exception>
    public IReadOnlyList<KeyStatistics> Compute(TextCorpus corpus, RowSelection rows)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(rows);
        var sums = NewSums();
        Run(corpus, SelectedRows(corpus, rows), sums, checkpoint: null);
        return Finish(corpus, sums, corpus.Path);
    }

    internal KeyMomentSums NewSums() => KeyMomentSums.Empty(Layers, Widths);

    internal static bool[] SelectedRows(TextCorpus corpus, RowSelection rows)
    {
        int count = corpus.CountRows();
        if (count == 0) throw new InvalidDataException($"corpus {corpus.Path} has no rows");
        return rows.Mask(count);
    }

    /// <summary>Turns the sums into statistics in place (see <see cref="KeyMomentSums.TakeStatistics"/>).</summary>
    internal static IReadOnlyList<KeyStatistics> Finish(TextCorpus corpus, KeyMomentSums sums, string source)
    {
        RequireTokens(corpus, sums);
        return [.. sums.Layers.Select((_, i) => sums.TakeStatistics(i, source))];
    }

    internal static void RequireTokens(TextCorpus corpus, KeyMomentSums sums)
    {
        if (sums.Count == 0) throw new InvalidDataException($"corpus {corpus.Path}: the selected rows have no tokens");
    }

    /// <summary>
    /// Continues <paramref name="sums"/> from its <see cref="KeyMomentSums.RowsConsumed"/> to the end of the
    /// corpus, calling <paramref name="checkpoint"/> at group boundaries once the checkpoint interval has passed.
    /// </summary>
    internal void Run(TextCorpus corpus, bool[] selected, KeyMomentSums sums, Action<KeyMomentSums>? checkpoint)
    {
        var run = new StatisticsRunClock(selected.Count(s => s));
        using var noGrad = GradMode.Disable();
        var traces = new List<Trace>(Layers.Count);
        try
        {
            // Attached inside the try: if one cannot attach, those already attached come off again in the finally.
            foreach (int layer in Layers)
            {
                traces.Add(new Trace(Model.Model.Hooks, HookPoint.MlpOutputProjection(layer), new TraceOptions { RetainInput = true, RetainOutput = false, Stop = layer == Layers[^1] }));
            }

            var group = new List<string>(GroupRows);
            int index = -1;
            foreach (string row in corpus.Rows())
            {
                if (++index < sums.RowsConsumed) continue;
                if (index >= selected.Length) throw new InvalidDataException($"corpus {corpus.Path} has more rows than when it was counted ({selected.Length}); it changed during the run");
                if (!selected[index]) continue;
                group.Add(row);
                if (group.Count < GroupRows) continue;
                FinishGroup(group, index + 1, sums, traces, run, checkpoint);
                group.Clear();
            }

            FinishGroup(group, index + 1, sums, traces, run, checkpoint: null);
        }
        finally
        {
            foreach (var trace in traces) trace.Dispose();
        }
    }

    private void FinishGroup(List<string> group, int rowsConsumed, KeyMomentSums sums, List<Trace> traces, StatisticsRunClock run, Action<KeyMomentSums>? checkpoint)
    {
        int rowsInBatches = 0;
        foreach (var batch in Batches(Tokenize(group)))
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            long tokens = Accumulate(batch, sums, traces);
            rowsInBatches += batch.Count;
            _options.Progress?.Report(run.Report(sums.RowsDone + rowsInBatches, sums.Count, tokens));
        }

        sums.RowsDone += group.Count;
        sums.RowsConsumed = rowsConsumed;
        if (checkpoint is not null) run.CheckpointIfDue(_options.CheckpointInterval, () => checkpoint(sums));
    }

    // Rows of a group are tokenised in parallel (tokenizers are thread-safe); rows without tokens are dropped, as EasyEdit's collation does.
    private List<int[]> Tokenize(List<string> rows)
    {
        var ids = new int[rows.Count][];
        Parallel.For(0, rows.Count, i =>
        {
            int[] row = Model.Tokenizer.Encode(rows[i], addSpecialTokens: true);
            ids[i] = row.Length > MaxLength ? row[..MaxLength] : row;
        });
        return [.. ids.Where(row => row.Length > 0)];
    }

    // EasyEdit's length_collation: longest first; a batch closes when one more row of its first row's width would pass the budget.
    private IEnumerable<List<int[]>> Batches(List<int[]> group)
    {
        var batch = new List<int[]>();
        foreach (int[] row in group.OrderByDescending(r => r.Length))
        {
            if (batch.Count > 0 && (long)batch[0].Length * (batch.Count + 1) > BatchTokens)
            {
                yield return batch;
                batch = [];
            }

            batch.Add(row);
        }

        if (batch.Count > 0) yield return batch;
    }

    // One right-padded forward pass; adds the keys of real positions to every layer's sum. Returns the tokens counted.
    private long Accumulate(List<int[]> rows, KeyMomentSums sums, List<Trace> traces)
    {
        int length = rows[0].Length;
        var ids = rows.Select(r => r.Length == length ? r : [.. r, .. new int[length - r.Length]]).ToList();
        var mask = rows.Any(r => r.Length != length)
            ? rows.Select(r => Enumerable.Range(0, length).Select(t => t < r.Length ? 1 : 0).ToArray()).ToList()
            : null;
        Model.Model.Run(new TokenBatch(ids, mask));
        int n = rows.Sum(r => r.Length);
        for (int i = 0; i < traces.Count; i++)
        {
            int d = Widths[i];
            GatherKeys(traces[i].Input!.ToArray(), rows, length, d);
            SymmetricRankK.Update(sums.Sums[i], _keys, n);
        }

        sums.Count += n;
        return n;
    }

    // Widens the keys of real positions (row b, position t < its length) into consecutive float64 rows of _keys.
    private void GatherKeys(float[] input, List<int[]> rows, int length, int d)
    {
        int n = rows.Sum(r => r.Length);
        if (_keys.Length < n * d) _keys = new double[n * d];
        int next = 0;
        for (int b = 0; b < rows.Count; b++)
        {
            var source = input.AsSpan(b * length * d, rows[b].Length * d);
            var target = _keys.AsSpan(next, source.Length);
            for (int j = 0; j < source.Length; j++) target[j] = source[j];
            next += source.Length;
        }
    }
}
