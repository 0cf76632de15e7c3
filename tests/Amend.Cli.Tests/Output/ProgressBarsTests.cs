using Amend.Cli.Output;
using Spectre.Console;

namespace Amend.Cli.Tests.Output;

public sealed class ProgressBarsTests
{
    private static readonly ProgressColumn[] Columns = [new TaskDescriptionColumn(), new PercentageColumn()];

    [Fact]
    public void OnALog_WorkShorterThanASecond_IsStillWritten()
    {
        // Given a log (not a terminal)
        var log = new StringWriter();

        // When a step of 8 runs to its end at once
        ProgressBars.Run(log, Columns, bars =>
        {
            var bar = bars.Add("v* optimisation");
            for (int i = 0; i <= 8; i++) bar.Report(i, 8);
            return 0;
        });

        // Then its start, each quarter and its end are lines, once each
        Assert.Equal(
            ["v* optimisation: 0/8 (0%)", "v* optimisation: 2/8 (25%)", "v* optimisation: 4/8 (50%)", "v* optimisation: 6/8 (75%)", "v* optimisation: 8/8 (100%)"],
            Lines(log));
    }

    [Fact]
    public void OnALog_AStepThatStopsEarly_EndsWithItsLastState()
    {
        // Given a log
        var log = new StringWriter();

        // When an optimisation stops after 3 of 20 steps, its last report with a detail
        ProgressBars.Run(log, Columns, bars =>
        {
            var bar = bars.Add("v* optimisation");
            bar.Report(1, 20);
            bar.Report(2, 20);
            bar.Report(3, 20, "loss 0.01");
            return 0;
        });

        // Then the first report and the last are written, the one between is not
        Assert.Equal(["v* optimisation: 1/20 (5%)", "v* optimisation: 3/20 (15%)  loss 0.01"], Lines(log));
    }

    [Fact]
    public void OnALog_ABarNeverReported_WritesNothing_AndTheResultComesBack()
    {
        var log = new StringWriter();

        int result = ProgressBars.Run(log, Columns, bars =>
        {
            bars.Add("rows");
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Empty(log.ToString());
    }

    [Fact]
    public void OnALog_WorkThatFails_StillWritesWhereItStopped()
    {
        var log = new StringWriter();

        Assert.Throws<InvalidOperationException>(() => ProgressBars.Run<int>(log, Columns, bars =>
        {
            var bar = bars.Add("KNE training");
            bar.Report(1, 10);
            bar.Report(2, 10);
            throw new InvalidOperationException("diverged");
        }));

        Assert.Equal(["KNE training: 1/10 (10%)", "KNE training: 2/10 (20%)"], Lines(log));
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
