using System.Collections.Concurrent;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class ParallelTimingTests
{
    [Fact]
    public void LongestSeconds_RunsTheBodyOncePerThreadIndex()
    {
        var seen = new ConcurrentBag<int>();

        ParallelTiming.LongestSeconds(3, seen.Add);

        Assert.Equal([0, 1, 2], seen.Order());
    }

    [Fact]
    public void LongestSeconds_IsAtLeastTheSlowestThreadsTime()
    {
        double seconds = ParallelTiming.LongestSeconds(2, t => Thread.Sleep(t == 1 ? 50 : 0));

        Assert.True(seconds >= 0.045, $"longest was {seconds} s, but thread 1 slept 50 ms");
    }

    [Fact]
    public void RepeatsFor_RunsTheProbeTwice_AndNeverReturnsFewerRepeats()
    {
        var calls = new List<long>();

        long repeats = ParallelTiming.RepeatsFor(TimeSpan.FromTicks(1), 8, calls.Add);

        Assert.Equal([8L, 8L], calls);
        Assert.Equal(8, repeats);
    }
}
