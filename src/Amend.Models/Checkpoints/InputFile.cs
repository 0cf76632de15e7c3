using System.Globalization;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Reads a whole input file (a config, hyperparameters, requests, a tokenizer, a journal) after checking its
/// size, so that a wrong path (a multi-gigabyte checkpoint passed as --hparams) gets an error naming the file
/// instead of an out-of-memory crash while its bytes become a string.
/// </summary>
public static class InputFile
{
    /// <summary>The largest file read whole (256 MiB): far above any config, tokenizer or requests file.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Reads <paramref name="path"/> as UTF-8 text; <paramref name="what"/> says what it should be.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="IOException">Reading failed (a device, or /proc/self/mem); the message names the file and what it should be.</exception>
    public static string ReadAllText(string path, string what)
    {
        RequireSize(path, what, MaxBytes);
        return Read(path, what, File.ReadAllText);
    }

    /// <summary>Reads <paramref name="path"/> as bytes; <paramref name="what"/> says what it should be.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="IOException">Reading failed; the message names the file and what it should be.</exception>
    public static byte[] ReadAllBytes(string path, string what)
    {
        RequireSize(path, what, MaxBytes);
        return Read(path, what, File.ReadAllBytes);
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <paramref name="path"/>; an I/O error while reading (not a missing file) is
    /// rethrown naming the file and <paramref name="what"/> it should be: "cannot read benchmark file F: Input/output error".
    /// </summary>
    /// <exception cref="IOException">Reading failed.</exception>
    public static T Read<T>(string path, string what, Func<string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(path);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"cannot read {what} {path}: {WithoutPath(e.Message, path)}", e);
        }
    }

    // .NET ends the system's message with " : 'FULL PATH'", which the new message names first as given.
    private static string WithoutPath(string message, string path)
    {
        string suffix = $" : '{Path.GetFullPath(path)}'";
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    /// <summary>Checks that <paramref name="path"/> is a file; <paramref name="what"/> says what it should be ("requests file").</summary>
    /// <exception cref="FileNotFoundException">Nothing is there, or a folder is: "WHAT PATH not found" or "... is a folder".</exception>
    public static void RequireExists(string path, string what)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{what} {path} is a folder; give the file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} {path} not found", path);
    }

    /// <summary>Checks that <paramref name="path"/> holds at most <paramref name="maxBytes"/>, before it is read.</summary>
    /// <exception cref="InvalidDataException">It holds more; the message names the file and what it should be.</exception>
    public static void RequireSize(string path, string what, long maxBytes)
    {
        long length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new InvalidDataException($"{path} is {Size(length)}, too large for {what} (at most {Size(maxBytes)} is read); is it the right file?");
        }
    }

    private static string Size(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB");
}
