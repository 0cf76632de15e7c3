using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Editing.Statistics;

/// <summary>
/// A text corpus read row by row, gzip-compressed or not (by its magic bytes, whatever its name). Plain text: one row
/// per line, with its line break kept as "\n" (CRLF becomes LF; a last line without a break has none), and a line of
/// nothing but white space an empty row, as EasyEdit sees WikiText through <c>datasets</c> (whose wikitext builder
/// yields "" for such lines): the row still counts, so row indices match EasyEdit's sampler, but it has no tokens of
/// its own. JSON Lines (".jsonl", ".jsonl.gz"): one object per non-blank line, the row being its "text" string.
/// Binary data is refused rather than read as text: a file compressed another way (xz, zstd, bzip2, zip, 7z) when
/// it is opened, any other when a line holds a NUL character.
/// </summary>
public sealed class TextCorpus
{
    /// <summary>The longest row read (16 Mi characters): a file without line breaks, a binary file given by mistake, is refused before it fills memory.</summary>
    public const int MaxRowChars = 1 << 24;

    // Names how rows are read, for the fingerprint: caches of statistics computed under other rules are not reused.
    private const string ReadingRules = "blank-lines-empty";

    private readonly bool _gzip;

    private TextCorpus(string path, bool jsonLines, bool gzip)
    {
        (Path, IsJsonLines, _gzip) = (path, jsonLines, gzip);
    }

    /// <summary>The corpus file (full path).</summary>
    public string Path { get; }

    /// <summary>Whether rows are the "text" fields of JSON Lines.</summary>
    public bool IsJsonLines { get; }

    /// <summary>Opens <paramref name="path"/>; nothing but its first bytes is read yet.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is a .json file, whose list of records is neither format, or is compressed other than with gzip.</exception>
    public static TextCorpus Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        InputFile.RequireExists(full, "corpus file");
        string name = full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? full[..^3] : full;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"corpus {full}: a .json file would be read as lines of raw JSON; give plain text, or JSON Lines (.jsonl) with a \"text\" string per line");
        }

        bool gzip = IsGzip(full, out string? otherCompression);
        if (otherCompression is not null)
        {
            throw new InvalidDataException($"corpus {full} is {otherCompression}, which would be read as text; decompress it, or compress it with gzip, which is read as it is");
        }

        return new TextCorpus(full, name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase), gzip);
    }

    // Whether the file is gzip; else, the compression its magic bytes show, if they show one.
    private static bool IsGzip(string path, out string? otherCompression)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[6];
        start = start[..file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)];
        otherCompression = start switch
        {
            [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00] => "xz-compressed",
            [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd-compressed",
            [(byte)'B', (byte)'Z', (byte)'h', ..] => "bzip2-compressed",
            [(byte)'P', (byte)'K', 0x03, 0x04, ..] => "a zip archive",
            [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C] => "a 7z archive",
            _ => null,
        };
        file.Position = 0;
        return CheckedGzipStream.IsGzip(file);
    }

    /// <summary>The rows, streamed in file order.</summary>
    /// <exception cref="InvalidDataException">A JSON line is malformed or has no "text" string; the message names the file and line.</exception>
    public IEnumerable<string> Rows() => IsJsonLines ? JsonRows() : TextRows();

    /// <summary>Number of rows (reads the whole file).</summary>
    public int CountRows() => Rows().Count();

    /// <summary>
    /// "path|bytes|sha256|rules" of the file as stored and the rules it is read by: what a cache entry computed from it is
    /// keyed by. The rules part changes when the rows a file gives change (blank lines became empty rows in November 2026).
    /// </summary>
    public string Fingerprint()
    {
        using var stream = File.OpenRead(Path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return $"{Path}|{stream.Length}|{hash}|{ReadingRules}";
    }

    private StreamReader OpenReader()
    {
        Stream stream = _gzip ? new CheckedGzipStream(Path, "corpus") : File.OpenRead(Path);
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    // Splits on '\n' only and keeps it, dropping a '\r' before it: ReadLine cannot tell whether the last line had a break.
    private IEnumerable<string> TextRows()
    {
        using var reader = OpenReader();
        var line = new StringBuilder();
        var buffer = new char[1 << 16];
        int read, number = 1;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    if (line.Length == MaxRowChars) throw new InvalidDataException($"corpus {Path}: a line is longer than {MaxRowChars} characters; this is not a text corpus");
                    if (buffer[i] == '\0') throw new InvalidDataException($"corpus {Path}, line {number}: a NUL character; this is binary data, not a text corpus");
                    line.Append(buffer[i]);
                    continue;
                }

                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                yield return IsBlank(line) ? "" : line.Append('\n').ToString();
                line.Clear();
                number++;
            }
        }

        if (line.Length > 0) yield return IsBlank(line) ? "" : line.ToString();
    }

    // Python's str.strip() empties the line: its white space is .NET's plus the separators U+001C–U+001F.
    private static bool IsBlank(StringBuilder line)
    {
        foreach (var chunk in line.GetChunks())
        {
            foreach (char c in chunk.Span)
            {
                if (!char.IsWhiteSpace(c) && c is not (>= '\u001C' and <= '\u001F')) return false;
            }
        }

        return true;
    }

    private IEnumerable<string> JsonRows()
    {
        using var reader = OpenReader();
        int number = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return TextField(line, number);
        }
    }

    private string TextField(string line, int number)
    {
        try
        {
            using var document = JsonStrings.ParseDocument(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path}, line {number}: not valid JSON ({e.Message})", e);
        }

        throw new InvalidDataException($"{Path}, line {number}: expected an object with a \"text\" string");
    }
}
