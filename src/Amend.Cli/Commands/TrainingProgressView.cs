using System.Globalization;
using Amend.Cli.Output;
using Amend.World.Training;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>Shows a training run: a Spectre progress bar with ETA and running loss on a terminal, else a log line every 2% of the steps.</summary>
internal static class TrainingProgressView
{
    public static IReadOnlyList<TrainingStep> Run(TextWriter output, int steps, Func<Action<TrainingStep>, IReadOnlyList<TrainingStep>> train)
    {
        var console = WriterConsole.For(output);
        if (!ProgressBars.DrawsLive(console))
        {
            int every = Math.Max(1, steps / 50);
            return train(s =>
            {
                if (s.Step % every == 0 || s.Step == s.Steps) output.WriteLine(Line(s));
            });
        }

        IReadOnlyList<TrainingStep> curve = [];
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: steps);
                curve = train(s =>
                {
                    task.Value = s.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"step {s.Step}/{s.Steps} loss {s.RunningLoss:F3}");
                });
            });
        return curve;
    }

    private static string Line(TrainingStep s) => string.Create(
        CultureInfo.InvariantCulture,
        $"step {s.Step}/{s.Steps}  loss {s.Loss:F4}  running {s.RunningLoss:F4}  lr {s.LearningRate:E2}  grad {s.GradientNorm:F2}  {s.Elapsed.TotalSeconds:F0}s  eta {EtaSeconds(s):F0}s");

    private static double EtaSeconds(TrainingStep s) => s.Elapsed.TotalSeconds / s.Step * (s.Steps - s.Step);
}
