using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>
/// The command line's progress display on standard error. On a terminal it draws Spectre's live bars. On a log (output
/// redirected, CI) each bar writes plain lines as it starts, at each quarter, at least every 30 seconds while it moves,
/// and once more at the end if its last state went unsaid. Spectre's own log rendering samples on a one-second timer
/// and skips finished bars, so work shorter than a second would leave no trace in a log.
/// </summary>
internal sealed class ProgressBars
{
    private readonly ProgressContext? _live;
    private readonly TextWriter _log;
    private readonly List<ProgressBar> _bars = [];
    private readonly Lock _lock = new();

    private ProgressBars(ProgressContext? live, TextWriter log)
    {
        _live = live;
        _log = log;
    }

    /// <summary>Runs <paramref name="work"/> with a display on <paramref name="error"/>; <paramref name="columns"/> are the live bars' columns.</summary>
    public static T Run<T>(TextWriter error, ProgressColumn[] columns, Func<ProgressBars, T> work)
    {
        var console = WriterConsole.For(error);
        if (DrawsLive(console))
        {
            return console.Progress().Columns(columns).Start(context => work(new ProgressBars(context, error)));
        }

        var bars = new ProgressBars(null, error);
        try
        {
            return work(bars);
        }
        finally
        {
            bars.Finish();
        }
    }

    /// <summary>Whether Spectre draws live bars on <paramref name="console"/> (a terminal that takes ANSI codes), as its own progress display decides.</summary>
    public static bool DrawsLive(IAnsiConsole console) => console.Profile.Capabilities is { Interactive: true, Ansi: true };

    /// <summary>A new bar named <paramref name="name"/>; its clock runs from now if <paramref name="start"/>, else from its first report.</summary>
    /// <param name="name">What the bar counts.</param>
    /// <param name="start">Whether the elapsed time counts from now rather than from the first report.</param>
    /// <param name="counted">Whether a live bar shows "done/total" beside its name (a log line always does).</param>
    public ProgressBar Add(string name, bool start = false, bool counted = false)
    {
        lock (_lock)
        {
            var bar = _live is null ? new ProgressBar(name, _log, _lock) : new ProgressBar(name, counted, _live.AddTask(Markup.Escape(name), autoStart: start, maxValue: 1));
            _bars.Add(bar);
            return bar;
        }
    }

    private void Finish()
    {
        lock (_lock)
        {
            foreach (var bar in _bars) bar.LogFinalState();
        }
    }
}
