using Amend.Editing.Shared;

namespace Amend.Editing.Tests.Shared;

public sealed class PhaseTimerTests
{
    [Fact]
    public void Time_AccumulatesPerPhase_AndRecordsFailedSteps()
    {
        var timer = new PhaseTimer();
        Assert.Equal(3, timer.Time("a", () =>
        {
            // At least 2 ms of phase "a", so its total must show them (a lower bound, never a limit)
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds < 2) Thread.SpinWait(100);
            return 3;
        }));
        timer.Time("a", () => 4);
        Assert.Throws<InvalidOperationException>(() => timer.Time<int>("b", () => throw new InvalidOperationException()));

        var diagnostics = timer.AddTo(new Dictionary<string, double> { ["other"] = 1 });

        Assert.Equal(["other", "seconds_a", "seconds_b"], diagnostics.Keys.Order());
        Assert.True(diagnostics["seconds_a"] >= 0.002, $"seconds_a = {diagnostics["seconds_a"]}");
        Assert.True(diagnostics["seconds_b"] >= 0);
    }
}
