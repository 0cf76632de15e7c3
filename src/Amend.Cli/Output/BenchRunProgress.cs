using System.Globalization;
using Amend.Editing.Statistics;
using Amend.Evaluation.Running;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>
/// Draws a benchmark run's progress on standard error: a bar with ETA, and the running means of the headline scores;
/// and, when the first edit computes key statistics from a corpus, a bar of its rows.
/// </summary>
internal static class BenchRunProgress
{
    /// <param name="error">Where the bars are drawn.</param>
    /// <param name="run">The run, reporting to the progress it is given.</param>
    /// <param name="statistics">A relay the statistics source was built with; its reports are drawn while the run lasts.</param>
    public static T Run<T>(TextWriter error, Func<IProgress<RunProgress>, T> run, ProgressRelay<StatisticsProgress>? statistics = null) =>
        ProgressBars.Run(error, [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()], bars =>
        {
            var cases = bars.Add("cases", start: true, counted: true);
            ProgressBar? rows = null;
            statistics?.Target = new ImmediateProgress<StatisticsProgress>(p =>
            {
                var step = p.AsEditStep();
                rows ??= bars.Add(step.Step, counted: true);
                rows.Report(step.Done, step.Total);
            });
            return run(new ImmediateProgress<RunProgress>(value => cases.Report(value.Done, value.Total, Means(value))));
        });

    private static string Means(RunProgress value) =>
        string.Join("  ", value.RunningMeans.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F1}")));
}
