using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>
/// One bar of <see cref="ProgressBars"/>: a live Spectre task on a terminal, plain lines on a log. It shows its name,
/// on a log always with "done/total (percent)", on a terminal with "done/total" if counted, and then the detail
/// of the latest report (a loss, running means).
/// </summary>
internal sealed class ProgressBar
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly string _name;
    private readonly bool _counted;
    private readonly ProgressTask? _task;
    private readonly TextWriter? _log;
    private readonly Lock? _logLock;
    private string _line = "";
    private string? _loggedLine;
    private int _loggedQuarter = -1;
    private long _loggedAt;

    internal ProgressBar(string name, bool counted, ProgressTask task)
    {
        _name = name;
        _counted = counted;
        _task = task;
    }

    internal ProgressBar(string name, TextWriter log, Lock logLock)
    {
        _name = name;
        _log = log;
        _logLock = logLock;
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/>, and <paramref name="detail"/> after them.</summary>
    public void Report(double done, double total, string? detail = null)
    {
        total = Math.Max(1, total);
        done = Math.Clamp(done, 0, total);
        string suffix = string.IsNullOrEmpty(detail) ? "" : "  " + detail;
        if (_task is not null)
        {
            if (!_task.IsStarted) _task.StartTask();
            _task.MaxValue = total;
            _task.Value = done;
            string count = _counted ? string.Create(CultureInfo.InvariantCulture, $" {done:0}/{total:0}") : "";
            _task.Description = Markup.Escape(_name + count + suffix);
            return;
        }

        lock (_logLock!)
        {
            _line = string.Create(CultureInfo.InvariantCulture, $"{_name}: {done:0}/{total:0} ({100 * done / total:0}%){suffix}");
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
