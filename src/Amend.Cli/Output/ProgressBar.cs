using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>One bar of <see cref="ProgressBars"/>: a live Spectre task on a terminal, plain lines on a log.</summary>
internal sealed class ProgressBar
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly ProgressTask? _task;
    private readonly TextWriter? _log;
    private readonly Lock? _logLock;
    private string _description = "";
    private string _line = "";
    private string? _loggedLine;
    private int _loggedQuarter = -1;
    private long _loggedAt;

    internal ProgressBar(ProgressTask task) => _task = task;

    internal ProgressBar(string description, TextWriter log, Lock logLock)
    {
        _description = description;
        _log = log;
        _logLock = logLock;
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/>, under a new description when one is given.</summary>
    public void Report(double done, double total, string? description = null)
    {
        total = Math.Max(1, total);
        done = Math.Clamp(done, 0, total);
        if (_task is not null)
        {
            if (!_task.IsStarted) _task.StartTask();
            _task.MaxValue = total;
            _task.Value = done;
            if (description is not null) _task.Description = Markup.Escape(description);
            return;
        }

        lock (_logLock!)
        {
            _description = description ?? _description;
            _line = string.Create(CultureInfo.InvariantCulture, $"{_description}: {done:0}/{total:0} ({100 * done / total:0}%)");
            int quarter = (int)(4 * done / total);
            if (quarter > _loggedQuarter || Stopwatch.GetElapsedTime(_loggedAt) >= LogInterval) Log(quarter);
        }
    }

    // Called under the log lock once the work has ended.
    internal void LogFinalState()
    {
        if (_log is not null && _loggedLine is not null && _loggedLine != _line) Log(_loggedQuarter);
    }

    private void Log(int quarter)
    {
        if (_line == _loggedLine) return;
        _log!.WriteLine(_line);
        _loggedLine = _line;
        _loggedQuarter = quarter;
        _loggedAt = Stopwatch.GetTimestamp();
    }
}
