using Amend.Editing;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Draws one progress bar per step of the reports (causal-trace kinds layer by layer, an edit's optimisation steps and statistics rows) on standard error (stdout keeps the results).</summary>
internal static class LayerProgress
{
    public static T Run<T>(TextWriter error, Func<IProgress<EditProgress>, T> work) =>
        ProgressBars.Run(error, [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()], bars =>
        {
            var steps = new Dictionary<string, ProgressBar>();
            return work(new ImmediateProgress<EditProgress>(p =>
            {
                if (!steps.TryGetValue(p.Step, out var bar)) steps[p.Step] = bar = bars.Add(p.Step, counted: true);
                bar.Report(p.Done, p.Total, p.Detail);
            }));
        });
}
