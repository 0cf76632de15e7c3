namespace Amend.Models.Checkpoints;

/// <summary>Checks, before long work, that its results can be written, so an unwritable destination fails at once, not at the end.</summary>
public static class WritableFolder
{
    /// <summary>
    /// Checks that a file can be written at <paramref name="file"/>: it is not a folder, and its folder (or the
    /// nearest one above it that exists) takes new files. <paramref name="purpose"/> says what the file is for.
    /// </summary>
    /// <exception cref="IOException">The file could not be written there; the message names it and the purpose.</exception>
    public static void RequireFile(string file, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        string full = Path.GetFullPath(file);
        if (Directory.Exists(full)) throw new IOException($"cannot write {file} {purpose}: it is a folder; give a file name");
        Require(Path.GetDirectoryName(full) ?? full, purpose);
    }

    /// <summary>
    /// Writes and deletes a probe file in <paramref name="folder"/>, or, when it does not exist yet, in the nearest
    /// folder above it that does (where it would be created); nothing is left behind. <paramref name="purpose"/>
    /// says what the folder is for.
    /// </summary>
    /// <exception cref="IOException">The folder could not be written; the message names it and the purpose.</exception>
    public static void Require(string folder, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string? existing = Path.GetFullPath(folder);
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new IOException($"cannot write in {folder} {purpose}: {existing} is a file");
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null) throw new IOException($"cannot write in {folder} {purpose}: no folder of it exists");
        string probe = Path.Combine(existing, $".amend-write-check-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write in {folder} {purpose}: {Reason(e, existing, probe)}", e);
        }
    }

    // The file system's own message names the probe file, which the user never asked for; /proc and /sys refuse
    // new files with "not found".
    private static string Reason(Exception e, string folder, string probe) => e switch
    {
        UnauthorizedAccessException => $"permission denied in {folder}",
        FileNotFoundException or DirectoryNotFoundException => $"{folder} takes no new files",
        _ => e.Message.Replace(probe, folder, StringComparison.Ordinal),
    };
}
