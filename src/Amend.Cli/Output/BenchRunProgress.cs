using System.Globalization;
using Amend.Evaluation.Running;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Draws a benchmark run's progress on standard error: a bar with ETA, and the running means of the headline scores.</summary>
internal static class BenchRunProgress
{
    public static T Run<T>(TextWriter error, Func<IProgress<RunProgress>, T> run)
    {
        var console = WriterConsole.For(error);
        return console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("cases", maxValue: 1);
                return run(new ImmediateProgress<RunProgress>(value => Show(task, value)));
            });
    }

    private static void Show(ProgressTask task, RunProgress value)
    {
        task.MaxValue = Math.Max(1, value.Total);
        task.Value = value.Done;
        string means = string.Join("  ", value.RunningMeans.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F1}")));
        task.Description = Markup.Escape($"{value.Done}/{value.Total}  {means}");
    }
}
