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
    public static string ReadAllText(string path, string what)
    {
        RequireSize(path, what, MaxBytes);
        return File.ReadAllText(path);
    }

    /// <summary>Reads <paramref name="path"/> as bytes; <paramref name="what"/> says what it should be.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxBytes"/>.</exception>
    public static byte[] ReadAllBytes(string path, string what)
    {
        RequireSize(path, what, MaxBytes);
        return File.ReadAllBytes(path);
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
