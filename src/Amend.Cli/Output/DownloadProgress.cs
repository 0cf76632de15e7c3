using Amend.Models.HuggingFace;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Draws one progress bar per downloaded file on standard error (stdout stays clean for JSON).</summary>
internal static class DownloadProgress
{
    public static string Run(TextWriter error, Func<IProgress<HubDownloadProgress>, Task<string>> download)
    {
        var console = WriterConsole.For(error);
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                // On the downloading thread, in order: Progress<T> would run these on the thread pool, concurrently on
                // the dictionary and late enough that a finished file could be drawn unfinished.
                var progress = new ImmediateProgress<HubDownloadProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.FileName, out var task)) tasks[p.FileName] = task = context.AddTask(Markup.Escape(p.FileName), maxValue: Math.Max(1, p.TotalBytes ?? 1));
                    if (p.TotalBytes is long total) task.MaxValue = Math.Max(1, total);
                    task.Value = p.FromCache ? task.MaxValue : p.BytesDone;
                });
                return download(progress).GetAwaiter().GetResult();
            });
    }
}
