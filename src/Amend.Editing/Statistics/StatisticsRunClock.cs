using System.Diagnostics;

namespace Amend.Editing.Statistics;

/// <summary>Times one statistics run: progress reports with this process's throughput, and when to checkpoint.</summary>
internal sealed class StatisticsRunClock(int rowsTotal)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _lastCheckpoint = Stopwatch.GetTimestamp();
    private long _tokensThisRun;

    public StatisticsProgress Report(int rowsDone, long tokens, long tokensAdded)
    {
        _tokensThisRun += tokensAdded;
        return new StatisticsProgress(rowsDone, rowsTotal, tokens, _tokensThisRun, Stopwatch.GetElapsedTime(_start));
    }

    /// <summary>Whether <paramref name="interval"/> has passed since the last checkpoint; if so, restarts the interval.</summary>
    public bool CheckpointDue(TimeSpan interval)
    {
        if (Stopwatch.GetElapsedTime(_lastCheckpoint) < interval) return false;
        _lastCheckpoint = Stopwatch.GetTimestamp();
        return true;
    }
}
