using System.CommandLine;
using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Statistics;
using Amend.Models.Checkpoints;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend stats</c>: the key second moments C = E[k kᵀ] of MLP output projections over a corpus, computed into
/// the statistics cache (resuming an interrupted run), optionally exported as a covariance safetensors file.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var layers = new Option<string>("--layers") { Description = "Block indices, comma-separated (e.g. 3,4,5): all measured in one pass.", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "Plain text (one row per line) or JSON Lines with a \"text\" field; .gz accepted.", Required = true };
        var samples = new Option<int?>("--samples") { Description = "Rows to use, chosen as EasyEdit does (random.Random(1) shuffle); default all rows." }.AtLeast(1);
        var maxLength = new Option<int?>("--max-length") { Description = "Tokens kept per row; default the model's positions, at most 1024." }.AtLeast(1);
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Statistics cache folder; default $AMEND_STATS_CACHE or ~/.cache/amend/stats." };
        var output = new Option<string?>("--out") { Description = "Also write the moments to this safetensors file (<module>.mom2, count in the metadata)." }.NonEmptyPath();
        var command = new Command("stats", "Compute layer key statistics (E[k kᵀ] for ROME/MEMIT/AlphaEdit) over a corpus, cached and resumable.")
        {
            layers, corpus, samples, maxLength, cacheDir, output,
        };
        model.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.RunInterruptible("stats", parse.InvocationConfiguration.Error, cancellation, stop =>
        {
            var error = parse.InvocationConfiguration.Error;
            int[] layerList = ParseLayers(parse.GetValue(layers)!);

            // Before the corpus pass: an --out that would replace something else must fail now, not after hours.
            if (parse.GetValue(output) is string outPath)
            {
                CovarianceFile.RequireReplaceable(outPath);
                WritableFolder.RequireFile(outPath, "for the moments (--out)");
            }

            var cache = new StatisticsCache(parse.GetValue(cacheDir));
            WritableFolder.Require(cache.Directory, "for the statistics cache (--cache-dir or $AMEND_STATS_CACHE)");
            var text = TextCorpus.Open(parse.GetValue(corpus)!);
            var rows = parse.GetValue(samples) is int n ? RowSelection.EasyEditSample(n) : RowSelection.All;
            var editable = EditableModel.From(model.Load(parse, error));
            if (parse.GetValue(maxLength) is int length && length > editable.Model.MaxPositions)
            {
                throw new ArgumentException($"--max-length {length} is more than the model's {editable.Model.MaxPositions} positions");
            }

            StatisticsProgress? last = null;
            var options = new StatisticsOptions { MaxLength = parse.GetValue(maxLength), Cancellation = stop };
            IReadOnlyList<KeyStatistics> results;
            try
            {
                results = Run(error, progress => cache.GetOrCompute(editable, layerList, text, rows, options with { Progress = progress }), p => last = p);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                error.WriteLine($"the rows counted up to the last checkpoint (saved about every minute) are kept in {cache.Directory}; the same command resumes from them");
                throw;
            }

            Report(parse.InvocationConfiguration.Output, results, last);
            if (parse.GetValue(output) is string path)
            {
                CovarianceFile.Write(path, results, editable.Model.Architecture);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            }

            return 0;
        })));
        return command;
    }

    private static int[] ParseLayers(string text)
    {
        var parts = CommaList.Items(text, "--layers", "--layers: give at least one block index, e.g. --layers 3,4");
        return [.. parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int layer) ? layer : throw new ArgumentException($"--layers: '{p}' is not a block index"))];
    }

    // Draws rows done against rows selected, with ETA, on standard error; remembers the last report for the summary.
    private static IReadOnlyList<KeyStatistics> Run(TextWriter error, Func<IProgress<StatisticsProgress>, IReadOnlyList<KeyStatistics>> compute, Action<StatisticsProgress> remember) =>
        ProgressBars.Run(error, [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()], bars =>
        {
            ProgressBar? bar = null;
            StatisticsProgress? last = null;
            var results = compute(new ImmediateProgress<StatisticsProgress>(p =>
            {
                remember(p);
                last = p;
                bar ??= bars.Add("rows", counted: true);
                bar.Report(p.RowsDone, p.RowsTotal, $"{p.Tokens:N0} tokens");
            }));
            if (last is not null) bar!.Report(last.RowsTotal, last.RowsTotal);
            return results;
        });

    private static void Report(TextWriter output, IReadOnlyList<KeyStatistics> results, StatisticsProgress? last)
    {
        foreach (var s in results) output.WriteLine($"layer {s.Layer}: {s.Dimension}×{s.Dimension} over {s.Count:N0} tokens -> {s.Source}");
        if (last is null)
        {
            output.WriteLine("all layers were in the cache");
            return;
        }

        double seconds = Math.Max(last.Elapsed.TotalSeconds, 1e-9);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"computed {last.TokensThisRun:N0} tokens in {seconds:F1} s: {last.TokensThisRun / seconds:N0} tokens/s"));
    }
}
