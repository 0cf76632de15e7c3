using Amend.Evaluation.Datasets;
using Amend.Models.Inference;

namespace Amend.Evaluation.Running;

/// <summary>
/// Runs an editing method over a benchmark and scores every case. Pre-edit outputs are computed once per case
/// on the unedited model; the model is left with its original weights when the run ends. The runner draws
/// nothing: it reports through <see cref="IProgress{T}"/>.
/// </summary>
public sealed class BenchmarkRunner
{
    private readonly EditableModel _model;
    private readonly IEditor _editor;
    private readonly RunOptions _options;

    /// <summary>Prepares a run of <paramref name="editor"/> on <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">Options out of range, or batch mode with a method that cannot batch.</exception>
    public BenchmarkRunner(EditableModel model, IEditor editor, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(options);
        RequireSupported(editor, options);
        (_model, _editor, _options) = (model, editor, options);
    }

    /// <summary>Checks that <paramref name="editor"/> can run with <paramref name="options"/>, before any model is loaded.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or batch mode with an editor that edits one fact at a time.</exception>
    public static void RequireSupported(IEditor editor, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Mode == RunMode.Batch && editor is not IBatchEditor) throw new ArgumentException($"{editor.Method} edits one fact at a time and cannot run in batch mode; use --mode single or sequential");
    }

    /// <summary>The cases a run over <paramref name="dataset"/> covers: the first --limit, then the shard's.</summary>
    public IReadOnlyList<BenchmarkCase> Select(BenchmarkDataset dataset) => Select(dataset, _options);

    /// <summary>The cases a run with <paramref name="options"/> covers, known before any model is loaded.</summary>
    public static IReadOnlyList<BenchmarkCase> Select(BenchmarkDataset dataset, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        return [.. dataset.Cases.Take(options.Limit ?? int.MaxValue).Where(c => options.Shard?.Contains(c.Index) ?? true)];
    }

    /// <summary>Runs every selected case and returns the results in case order.</summary>
    /// <param name="dataset">The benchmark.</param>
    /// <param name="progress">Receives a report after each case.</param>
    /// <param name="cancellation">Stops the run between cases, and an edit between its steps (it takes the place of the edit options' token).</param>
    /// <param name="recording">Where finished cases go as they finish, and those an interrupted run already finished.</param>
    /// <exception cref="ResumeMismatchException">A sequential run's finished cases are not whole groups at the start of its sequence, or replaying their edits does not reach the edits the interrupted run had applied.</exception>
    public RunResult Run(BenchmarkDataset dataset, IProgress<RunProgress>? progress = null, CancellationToken cancellation = default, RunRecording? recording = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        recording ??= new RunRecording([], null);
        var cases = Select(dataset);
        var wall = Stopwatch.StartNew();
        var calls = new ModelCalls(_model);
        using var evaluator = new CaseEvaluator(calls, _options.Evaluation, _options.Seed);
        var session = new EditSession(_model, _editor, (_options.Edit ?? new EditOptions()) with { Seed = _options.Seed, Cancellation = cancellation });
        var reporter = new Reporter(cases.Count, wall, progress, recording.OnFinished);
        try
        {
            var results = _options.Mode switch
            {
                RunMode.Sequential => RunSequential(cases, evaluator, session, reporter, cancellation, Latest(recording.Finished)),
                _ => RunChunks(cases, evaluator, session, reporter, cancellation, Latest(recording.Finished)),
            };
            return new RunResult(Info(_editor, _options, dataset), [.. results.OrderBy(r => r.Index)], new RunTimings(wall.Elapsed.TotalSeconds, session.Elapsed.TotalSeconds, calls.Elapsed.TotalSeconds));
        }
        finally
        {
            session.UndoAll();
        }
    }

    // Single mode is batch mode with chunks of one and no batching: edit from the original weights, evaluate, undo.
    // A chunk an interrupted run finished whole is taken as it was; one it finished in part runs again whole, so every
    // batch holds the cases it would have held in a run that was never interrupted.
    private List<CaseResult> RunChunks(IReadOnlyList<BenchmarkCase> cases, CaseEvaluator evaluator, EditSession session, Reporter reporter, CancellationToken cancellation,
        Dictionary<int, CaseResult> done)
    {
        bool batch = _options.Mode == RunMode.Batch;
        var results = new List<CaseResult>();
        foreach (var chunk in cases.Chunk(batch ? _options.BatchSize : 1))
        {
            cancellation.ThrowIfCancellationRequested();
            if (chunk.All(c => done.ContainsKey(c.Index)))
            {
                results.AddRange(chunk.Select(c => reporter.Resumed(done[c.Index])));
                continue;
            }

            var prepared = chunk.Select(c => Prepare(evaluator, c)).ToList();
            var usable = Enumerable.Range(0, chunk.Length).Where(i => prepared[i].Error is null).ToList();
            var (error, diagnostics, seconds) = usable.Count > 0
                ? session.Apply([.. usable.SelectMany(i => chunk[i].Requests)], batch)
                : (null, new Dictionary<string, double>(), 0);
            for (int i = 0; i < chunk.Length; i++)
            {
                var timings = new CaseTimings(prepared[i].Seconds, seconds / Math.Max(1, usable.Count), 0);
                results.Add(reporter.Done(Evaluate(chunk[i], prepared[i].Value, evaluator, prepared[i].Error ?? error, diagnostics, timings, session.RequestsApplied)));
            }

            session.UndoAll();
        }

        return results;
    }

    // A case run again after an interruption (the rest of a batch or group it stopped in) is recorded again; its last
    // record is the one that counts.
    private static Dictionary<int, CaseResult> Latest(IReadOnlyList<CaseResult> finished)
    {
        var latest = new Dictionary<int, CaseResult>();
        foreach (var result in finished) latest[result.Index] = result;
        return latest;
    }

    /// <summary>
    /// Checks, before any model is loaded, that an interrupted run's <paramref name="finished"/> cases can be resumed:
    /// a sequential run resumes from whole groups of cases at the start of its sequence.
    /// </summary>
    /// <exception cref="ResumeMismatchException">A finished case lies past the group the interrupted run stopped in.</exception>
    public static void RequireResumable(IReadOnlyList<BenchmarkCase> cases, RunOptions options, IReadOnlyList<CaseResult> finished)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(finished);
        if (options.Mode == RunMode.Sequential) FinishedGroups(Groups(cases, options), Latest(finished));
    }

    // Cases are edited in order and evaluated in groups of EvaluateEvery (one group of all when 0). A resumed run
    // replays the edits of the groups an interrupted run finished whole, without evaluating them again, which brings
    // the model (and the editor's state, such as statistics taken at the first edit) where that run had it; a group
    // it stopped in runs again whole. Pre-edit outputs are taken first, on the original weights, as in a whole run.
    private List<CaseResult> RunSequential(IReadOnlyList<BenchmarkCase> cases, CaseEvaluator evaluator, EditSession session, Reporter reporter, CancellationToken cancellation,
        Dictionary<int, CaseResult> done)
    {
        var groups = Groups(cases, _options);
        int replayed = FinishedGroups(groups, done);
        if (replayed == groups.Count) return [.. cases.Select(c => reporter.Resumed(done[c.Index]))];

        // A finished case that failed is prepared again: whether its edit was made depends on whether preparing it failed.
        var replayedIndices = groups.Take(replayed).SelectMany(g => g).Select(c => c.Index).ToHashSet();
        var prepared = cases.Where(c => !replayedIndices.Contains(c.Index) || done[c.Index].Error is not null).ToDictionary(c => c.Index, c => Prepare(evaluator, c));
        var results = new List<CaseResult>();
        foreach (var group in groups.Take(replayed))
        {
            foreach (var c in group)
            {
                cancellation.ThrowIfCancellationRequested();
                bool preparationFailed = prepared.TryGetValue(c.Index, out var p) && p.Error is not null;
                if (!preparationFailed) session.Apply(c.Requests, batch: false);
                results.Add(reporter.Resumed(done[c.Index]));
            }

            RequireReplayed(group, done, session);
        }

        foreach (var group in groups.Skip(replayed))
        {
            var applied = new List<(string? Error, IReadOnlyDictionary<string, double> Diagnostics, double Seconds)>();
            foreach (var c in group)
            {
                cancellation.ThrowIfCancellationRequested();
                applied.Add(prepared[c.Index].Error is { } error ? (error, new Dictionary<string, double>(), 0) : session.Apply(c.Requests, batch: false));
            }

            for (int i = 0; i < group.Length; i++)
            {
                var p = prepared[group[i].Index];
                var timings = new CaseTimings(p.Seconds, applied[i].Seconds, 0);
                results.Add(reporter.Done(Evaluate(group[i], p.Value, evaluator, applied[i].Error, applied[i].Diagnostics, timings, session.RequestsApplied)));
            }
        }

        return results;
    }

    private static List<BenchmarkCase[]> Groups(IReadOnlyList<BenchmarkCase> cases, RunOptions options) =>
        [.. cases.Chunk(options.EvaluateEvery == 0 ? Math.Max(1, cases.Count) : options.EvaluateEvery)];

    // How many groups, from the start, the interrupted run finished whole; a finished case past the group it stopped in
    // cannot come from a run of this sequence.
    private static int FinishedGroups(List<BenchmarkCase[]> groups, Dictionary<int, CaseResult> done)
    {
        int whole = 0;
        while (whole < groups.Count && groups[whole].All(c => done.ContainsKey(c.Index))) whole++;
        if (groups.Skip(whole + 1).SelectMany(g => g).FirstOrDefault(c => done.ContainsKey(c.Index)) is { } stray)
        {
            throw new ResumeMismatchException($"a sequential run resumes from whole groups of cases at the start of its sequence, but case {stray.Index} finished after a group that did not");
        }

        return whole;
    }

    // The interrupted run evaluated each group with a count of edits applied. Editing is deterministic, so replaying
    // the group must reach the same count; if it does not, an edit that failed then succeeds now or the reverse: the
    // model, the method or its settings differ from that run's, and its finished scores would not hold.
    private static void RequireReplayed(BenchmarkCase[] group, Dictionary<int, CaseResult> done, EditSession session)
    {
        int recorded = done[group[^1].Index].EditsSoFar;
        if (session.RequestsApplied != recorded)
        {
            throw new ResumeMismatchException($"resuming: replaying the edits of cases {group[0].Index}–{group[^1].Index} left {session.RequestsApplied} requests applied where the interrupted run had {recorded}; the model, the method or its settings differ from that run's, so its finished cases cannot be kept");
        }
    }

    // The case's pre-edit outputs, or why it cannot run: a prompt or probe longer than the model's
    // positions fails that case (and it is not edited), not the run.
    private static (PreEditOutputs? Value, double Seconds, string? Error) Prepare(CaseEvaluator evaluator, BenchmarkCase c)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            return (evaluator.Prepare(c), Stopwatch.GetElapsedTime(start).TotalSeconds, null);
        }
        catch (SequenceTooLongException e)
        {
            return (null, Stopwatch.GetElapsedTime(start).TotalSeconds, TooLong(c, e));
        }
    }

    private static string TooLong(BenchmarkCase c, SequenceTooLongException e) => $"record {c.Index}: a probe is too long for the model: {e.Message}";

    private static CaseResult Failed(BenchmarkCase c, int editsSoFar, IReadOnlyDictionary<string, double> diagnostics, CaseTimings timings, string error) =>
        new(c.Index, c.Id, c.Requests, editsSoFar, [], [], [], diagnostics, timings, error);

    private static CaseResult Evaluate(BenchmarkCase c, PreEditOutputs? pre, CaseEvaluator evaluator, string? error, IReadOnlyDictionary<string, double> diagnostics, CaseTimings timings, int editsSoFar)
    {
        if (error is not null || pre is null) return Failed(c, editsSoFar, diagnostics, timings, error ?? "no pre-edit outputs");
        CaseEvaluation evaluation;
        double seconds;
        try
        {
            (evaluation, seconds) = Timed(() => evaluator.Evaluate(c, pre));
        }
        catch (SequenceTooLongException e)
        {
            return Failed(c, editsSoFar, diagnostics, timings, TooLong(c, e));
        }

        return new CaseResult(c.Index, c.Id, c.Requests, editsSoFar, evaluation.Scores, evaluation.Outputs, evaluation.Generations, diagnostics, timings with { EvaluateSeconds = seconds });
    }

    private static (T Value, double Seconds) Timed<T>(Func<T> work)
    {
        long start = Stopwatch.GetTimestamp();
        var value = work();
        return (value, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>What a run of <paramref name="editor"/> over <paramref name="dataset"/> records as its configuration, known before any model is loaded.</summary>
    public static RunInfo Info(IEditor editor, RunOptions options, BenchmarkDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        return new(editor.Method, options.ModelName, dataset.Name, dataset.Format, dataset.Path, options.Mode.ToString().ToLowerInvariant(),
            options.Mode == RunMode.Batch ? options.BatchSize : 1, options.Schedule, options.Seed, options.Limit, options.Shard?.ToString(), options.Evaluation.Describe());
    }

    private sealed class Reporter(int total, Stopwatch wall, IProgress<RunProgress>? progress, Action<CaseResult>? onFinished)
    {
        private readonly RunningMeans _means = new();
        private int _done;

        public CaseResult Done(CaseResult result)
        {
            onFinished?.Invoke(result);
            return Resumed(result);
        }

        // A case finished by an interrupted run: counted and averaged, not recorded again.
        public CaseResult Resumed(CaseResult result)
        {
            _done++;
            _means.Add(result.Scores);
            var elapsed = wall.Elapsed;
            progress?.Report(new RunProgress(_done, total, elapsed, elapsed / _done * (total - _done), _means.Snapshot()));
            return result;
        }
    }
}
