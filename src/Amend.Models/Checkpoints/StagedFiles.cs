using System.Text;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Several files that must change together (a sharded checkpoint's shards and index): each is written in
/// full under a temporary name first, then all are renamed into place. A failure while writing leaves the
/// folder as it was; a failure while renaming puts back every file already replaced, so a loader never
/// sees new shards beside old ones.
/// </summary>
public sealed class StagedFiles : IDisposable
{
    private readonly List<(string Target, string Temporary)> _staged = [];

    /// <summary>Writes <paramref name="target"/>'s new content to a temporary file beside it, flushed to disk.</summary>
    public void Write(string target, Action<FileStream> write)
    {
        string full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = SiblingName(full, "tmp");
        _staged.Add((full, temporary));
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    /// <summary><see cref="Write"/> for text, written as UTF-8 without a byte-order mark.</summary>
    public void WriteText(string target, string text) => Write(target, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Renames every staged file over its target, in order; on failure restores the targets replaced so far.
    /// The last file replaces its target in one atomic rename (nothing after it can fail), so one staged file
    /// is an atomic write; earlier ones first move their target aside, to be put back on failure.
    /// </summary>
    /// <exception cref="IOException">A rename failed; the message says the previous files were restored.</exception>
    public void Commit()
    {
        var replaced = new List<(string Target, string? Backup)>();
        try
        {
            for (int i = 0; i < _staged.Count; i++)
            {
                var (target, temporary) = _staged[i];
                string? backup = i < _staged.Count - 1 && File.Exists(target) ? SiblingName(target, "old") : null;
                if (backup is not null) File.Move(target, backup);
                try
                {
                    File.Move(temporary, target, overwrite: true);
                }
                catch when (backup is not null)
                {
                    File.Move(backup, target);
                    throw;
                }

                replaced.Add((target, backup));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Restore(replaced);
            throw new IOException($"could not put {_staged[replaced.Count].Target} in place ({e.Message}); the previous files were restored", e);
        }

        foreach (var (_, backup) in replaced)
        {
            if (backup is not null) File.Delete(backup);
        }

        _staged.Clear();
    }

    /// <summary>Deletes whatever was staged and not committed.</summary>
    public void Dispose()
    {
        foreach (var (_, temporary) in _staged) File.Delete(temporary);
        _staged.Clear();
    }

    // Newest first: each new file goes away and the file it replaced, if any, comes back.
    private static void Restore(List<(string Target, string? Backup)> replaced)
    {
        for (int i = replaced.Count - 1; i >= 0; i--)
        {
            var (target, backup) = replaced[i];
            if (backup is null)
            {
                File.Delete(target);
                continue;
            }

            File.Move(backup, target, overwrite: true);
        }
    }

    private static string SiblingName(string path, string suffix) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.{suffix}");
}
