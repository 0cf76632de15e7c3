namespace Amend.Models.Checkpoints;

/// <summary>Writes a file so that readers see either the old content or the complete new one, never a partial file.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> on a temporary file in the destination's folder, flushes it to disk,
    /// then renames it over <paramref name="path"/> (a rename within one folder is atomic on POSIX and NTFS).
    /// On failure the temporary file is deleted and <paramref name="path"/> is untouched.
    /// </summary>
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var staged = new StagedFiles();
        staged.Write(path, write);
        staged.Commit();
    }

    /// <summary><see cref="Write"/> for text, written as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var staged = new StagedFiles();
        staged.WriteText(path, text);
        staged.Commit();
    }
}
