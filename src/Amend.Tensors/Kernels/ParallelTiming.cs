namespace Amend.Tensors.Kernels;

/// <summary>
/// Runs one body on several threads released together and returns the longest time any of them took
/// (and sizes such runs).
/// Each thread times itself: on a machine with as many threads as cores, a caller that started the clock
/// after the release could be descheduled first and measure too short a time (a rate too high).
/// </summary>
internal static class ParallelTiming
{
    /// <summary>Seconds of the slowest of <paramref name="threads"/> runs of <paramref name="body"/>(thread index).</summary>
    public static double LongestSeconds(int threads, Action<int> body)
    {
        var seconds = new double[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                long begin = Stopwatch.GetTimestamp();
                body(index);
                seconds[index] = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            });
            workers[t].Start();
        }

        foreach (var worker in workers) worker.Join();
        return Math.Max(seconds.Max(), 1e-9);
    }

    /// <summary>
    /// How many repeats make <paramref name="run"/>(repeats) last about <paramref name="duration"/> on one
    /// thread: <paramref name="probe"/> repeats once to let the JIT settle, then once timed; at least probe.
    /// </summary>
    public static long RepeatsFor(TimeSpan duration, long probe, Action<long> run)
    {
        run(probe);
        long begin = Stopwatch.GetTimestamp();
        run(probe);
        double seconds = Math.Max(Stopwatch.GetElapsedTime(begin).TotalSeconds, 1e-6);
        return Math.Max(probe, (long)(probe * duration.TotalSeconds / seconds));
    }
}
