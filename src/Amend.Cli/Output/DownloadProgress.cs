using Amend.Models.HuggingFace;
using Spectre.Console;

namespace Amend.Cli.Output;

/// <summary>Draws one progress bar per downloaded file on standard error (stdout stays clean for JSON).</summary>
internal static class DownloadProgress
{
    public static string Run(TextWriter error, Func<IProgress<HubDownloadProgress>, Task<string>> download) =>
        ProgressBars.Run(error, [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn()], bars =>
        {
            var files = new Dictionary<string, ProgressBar>();
            // On the downloading thread, in order: Progress<T> would run these on the thread pool, concurrently on
            // the dictionary and late enough that a finished file could be drawn unfinished.
            var progress = new ImmediateProgress<HubDownloadProgress>(p =>
            {
                if (!files.TryGetValue(p.FileName, out var bar)) files[p.FileName] = bar = bars.Add(p.FileName);
                double total = p.TotalBytes ?? Math.Max(1, p.BytesDone);
                bar.Report(p.FromCache ? total : p.BytesDone, total);
            });
            return download(progress).GetAwaiter().GetResult();
        });
}
