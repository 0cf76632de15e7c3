using System.CommandLine;
using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Statistics;
using Amend.Evaluation.Datasets;
using Amend.Evaluation.Reports;
using Amend.Evaluation.Running;
using Amend.Models.Checkpoints;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench --model DIR --method NAME --hparams FILE --data FILE --out DIR</c>: runs an editing method over
/// a benchmark and writes its reports. Cheap checks (method, files, options, data) come before loading the model.
/// </summary>
internal static class BenchRunCommand
{
    public static void Configure(Command bench)
    {
        var options = new BenchRunOptions();
        options.AddTo(bench);
        bench.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.RunInterruptible("bench", parse.InvocationConfiguration.Error, cancellation, stop => Run(parse, options, stop))));
    }

    private static int Run(ParseResult parse, BenchRunOptions o, CancellationToken stop)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (parse.GetValue(o.Model.Model) is null) throw new ArgumentException("give --model, --method, --hparams, --data and --out to run a benchmark, or a subcommand (kernels, forward, load, edit, stats, kne, merge, table); see --help");
        string method = Required(parse, o.Method), hparams = Required(parse, o.Hparams), data = Required(parse, o.Data), folder = Required(parse, o.Out);
        var runOptions = Options(parse, o);
        EditorRegistry.Find(method);
        InputFile.RequireExists(hparams, "hyperparameter file");
        WritableFolder.Require(folder, "for the run's reports (--out)");
        var dataWarnings = new List<string>();
        var dataset = DatasetLoader.Load(data, parse.GetValue(o.Format), runOptions.Seed, parse.GetValue(o.Name), dataWarnings);
        CommandWarnings.Write(error, dataWarnings);
        var selected = BenchmarkRunner.Select(dataset, runOptions);
        if (selected.Count == 0)
        {
            throw new ArgumentException($"--limit {runOptions.Limit} with --shard {parse.GetValue(o.Shard)} selects none of the {dataset.Cases.Count} cases of {data}");
        }

        if (runOptions.Mode == RunMode.Batch)
        {
            CommandWarnings.Write(error, BatchConflicts.Describe(selected, runOptions.BatchSize).Select(conflict => $"{conflict}: their requests compete for one key"));
        }

        if (File.Exists(Path.Combine(folder, RunFolder.SummaryFile)))
        {
            CommandWarnings.Write(error, [$"{folder} holds the reports of an earlier run; this run's replace them when it ends"]);
        }

        // What can be checked without the model is, before it loads: a GPT-J takes minutes and gigabytes.
        var warnings = new List<string>();
        var editor = EditorRegistry.Create(method, hparams, warnings);
        BenchmarkRunner.RequireSupported(editor, runOptions);
        var templates = parse.GetValue(o.ContextTemplates) is string path ? Editing.Shared.ContextTemplates.ReadJson(path) : null;
        var rows = new ProgressRelay<StatisticsProgress>();
        var statistics = o.Statistics.Build(parse, parse.GetValue(o.Model.Model)!, stop, rows);
        runOptions = runOptions with { ModelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(parse.GetValue(o.Model.Model)!)) };
        bool resume = parse.GetValue(o.Resume);
        using var partial = PartialRunFile.Start(folder, BenchmarkRunner.Info(editor, runOptions, dataset), resume);
        if (resume)
        {
            SetAsideIfMismatched(partial.Path, () => BenchmarkRunner.RequireResumable(BenchmarkRunner.Select(dataset, runOptions), runOptions, partial.Finished));
            error.WriteLine($"resuming: {partial.Finished.Select(c => c.Index).Distinct().Count()} finished cases read from {partial.Path}");
        }

        var pretrained = o.Model.Load(parse, error);
        HyperparameterFile.RequireValid(editor.Hyperparameters, pretrained.Model.Architecture, hparams);
        CommandWarnings.Write(error, warnings);
        var edit = new EditOptions
        {
            Statistics = statistics,
            ContextTemplates = templates,
            Warnings = warnings,
        };
        var runner = new BenchmarkRunner(EditableModel.From(pretrained), editor, runOptions with { Edit = edit });
        RunResult result;
        try
        {
            result = SetAsideIfMismatched(partial.Path, () => BenchRunProgress.Run(error, progress => runner.Run(dataset, progress, stop, new RunRecording(partial.Finished, partial.Add)), rows));
        }
        catch (Exception e) when (e is not ResumeMismatchException && File.Exists(partial.Path))
        {
            error.WriteLine($"the cases finished so far are kept in {partial.Path}; run the same command with --resume to go on from them");
            throw;
        }

        var summary = RunFolder.Write(result, folder);
        partial.Complete();
        BenchSummaryPrinter.Print(summary, folder, output);

        // The reasons are in cases.jsonl; the first one on the console says at once whether they are the method's or the data's.
        // A run whose every case failed measured nothing, and a script must not read its zeros as scores.
        if (result.Cases.FirstOrDefault(c => c.Error is not null) is { } failed)
        {
            bool all = summary.Failed == summary.Cases;
            error.WriteLine($"{(all ? "error" : "warning")}: {summary.Failed} of {summary.Cases} cases failed; the first: {failed.Error} (all in {Path.Combine(folder, RunFolder.CasesFile)})");
            if (all) return CommandErrors.NothingSucceeded;
        }

        return 0;
    }

    // Resuming again cannot get past a mismatch, so the message says what to do with the file instead.
    private static T SetAsideIfMismatched<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ResumeMismatchException e)
        {
            throw new ResumeMismatchException($"{e.Message} (move or delete {path} to run again from the start)");
        }
    }

    private static void SetAsideIfMismatched(string path, Action check) => SetAsideIfMismatched(path, () =>
    {
        check();
        return 0;
    });

    private static RunOptions Options(ParseResult parse, BenchRunOptions o)
    {
        var mode = Enum.Parse<RunMode>(parse.GetValue(o.Mode)!, ignoreCase: true);
        bool atEnd = parse.GetValue(o.EvalAtEnd);
        int? every = parse.GetValue(o.EvalEvery);
        if (atEnd && every is not null) throw new ArgumentException("--eval-every and --eval-at-end exclude each other");
        if (mode != RunMode.Sequential && (atEnd || every is not null)) throw new ArgumentException("--eval-every and --eval-at-end apply to --mode sequential only");
        if (mode != RunMode.Batch && parse.GetResult(o.BatchSize) is { Implicit: false }) throw new ArgumentException("--batch-size applies to --mode batch only");
        var protocols = parse.GetValue(o.Protocols) ?? [];
        var options = new RunOptions
        {
            Mode = mode,
            BatchSize = parse.GetValue(o.BatchSize),
            EvaluateEvery = atEnd ? 0 : every ?? 1,
            Limit = parse.GetValue(o.Limit),
            Shard = parse.GetValue(o.Shard) is string shard ? ShardSpec.Parse(shard, "--shard") : null,
            Seed = parse.GetValue(o.Seed),
            Evaluation = new EvaluationOptions
            {
                Fluency = !parse.GetValue(o.NoFluency),
                FluencyTopK = parse.GetValue(o.FluencyTopK),
                Probability = protocols.Contains("rome"),
                ExactMatch = protocols.Contains("exact-match"),
            },
        };
        options.Validate();
        return options;
    }

    private static string Required(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) ?? throw new ArgumentException($"{option.Name} is required to run a benchmark");
}
