using System.Diagnostics;

namespace Amend.Editing.Statistics;

/// <summary>Times one statistics run: progress reports with this process's throughput, and when to checkpoint.</summary>
internal sealed class StatisticsRunClock(int rowsTotal)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _lastCheckpoint = Stopwatch.GetTimestamp();
    private long _tokensThisRun;
    private TimeSpan _lastWrite;

    public StatisticsProgress Report(int rowsDone, long tokens, long tokensAdded)
    {
        _tokensThisRun += tokensAdded;
        return new StatisticsProgress(rowsDone, rowsTotal, tokens, _tokensThisRun, Stopwatch.GetElapsedTime(_start));
    }

    /// <summary>
    /// Runs <paramref name="checkpoint"/> when <paramref name="interval"/> (zero: every time), or four times as long
    /// as the last checkpoint took to write, has passed since the last one ended: on a slow disk, writing gigabytes
    /// of sums (a GPT-J layer's is 2 GiB) must not take most of the run.
    /// </summary>
    public void CheckpointIfDue(TimeSpan interval, Action checkpoint)
    {
        var due = interval == TimeSpan.Zero || interval > 4 * _lastWrite ? interval : 4 * _lastWrite;
        if (Stopwatch.GetElapsedTime(_lastCheckpoint) < due) return;
        long start = Stopwatch.GetTimestamp();
        checkpoint();
        _lastWrite = Stopwatch.GetElapsedTime(start);
        _lastCheckpoint = Stopwatch.GetTimestamp();
    }
}
