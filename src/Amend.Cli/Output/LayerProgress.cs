using Amend.Editing;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Draws one progress bar per step of the reports (causal-trace kinds layer by layer, an edit's optimisation steps and statistics rows) on standard error (stdout keeps the results).</summary>
internal static class LayerProgress
{
    public static T Run<T>(TextWriter error, Func<IProgress<EditProgress>, T> work)
    {
        var console = WriterConsole.For(error);
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return work(new ImmediateProgress<EditProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Step, out var task)) tasks[p.Step] = task = context.AddTask(Markup.Escape(p.Step), maxValue: Math.Max(1, p.Total));
                    task.Value = p.Done;
                }));
            });
    }
}
