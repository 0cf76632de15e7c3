namespace Amend.Editing.Shared;

/// <summary>Wall-clock seconds per step of an edit, reported in its diagnostics as "seconds_STEP" (what bench prints by phase).</summary>
public sealed class PhaseTimer
{
    private readonly Dictionary<string, double> _seconds = [];

    /// <summary>Runs <paramref name="step"/> and adds its time to <paramref name="phase"/>.</summary>
    public T Time<T>(string phase, Func<T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        long start = Stopwatch.GetTimestamp();
        try
        {
            return step();
        }
        finally
        {
            _seconds[phase] = _seconds.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

    /// <summary>Writes each phase's seconds into <paramref name="diagnostics"/> as "seconds_PHASE".</summary>
    public Dictionary<string, double> AddTo(Dictionary<string, double> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var (phase, seconds) in _seconds) diagnostics["seconds_" + phase] = seconds;
        return diagnostics;
    }
}
