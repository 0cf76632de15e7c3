using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// Opens any benchmark file (.json, or gzip-compressed whatever its name), recognises its format from its
/// content (or takes the one given) and reads it into cases.
/// </summary>
public static class DatasetLoader
{
    // The largest dataset file read (1 GiB): KnowEdit's and EasyEdit's files are tens of megabytes.
    private const long MaxDatasetBytes = 1L << 30;

    // Most specific shapes first: KnowEdit's (prompt, subject, target_new) also fits records other formats extend.
    private static readonly IDatasetReader[] Readers =
    [
        new RomeCounterFactReader(), new MQuAKEReader(), new CounterFactReader(), new MendZsreReader(),
        new ConvSentReader(), new SanitationReader(), new KnowEditReader(),
    ];

    /// <summary>Every format name, for help texts and errors.</summary>
    public static IReadOnlyList<string> Formats => [.. Readers.Select(r => r.Format)];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">A .json or .json.gz file.</param>
    /// <param name="format">A name from <see cref="DatasetFormats"/> to skip detection; null detects.</param>
    /// <param name="seed">Seeds the random choices some formats make (ConvSent).</param>
    /// <param name="name">The dataset's name in reports, instead of the reader's (e.g. "toy-world"); null keeps it.</param>
    /// <param name="warnings">Receives a warning when <paramref name="format"/> differs from the format the content shows.</param>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="DatasetFormatException">Not JSON, no format matches, or a record is malformed (names file, record, field).</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>), or it is gzip but truncated or corrupt; the message names it.</exception>
    public static BenchmarkDataset Load(string path, string? format = null, int seed = 0, string? name = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (name is not null && string.IsNullOrWhiteSpace(name)) throw new ArgumentException("the dataset's name is empty; give a name for the reports or leave it out");
        if (Directory.Exists(path)) throw new FileNotFoundException($"benchmark file {path} is a folder; give the dataset file in it", path);
        InputFile.RequireExists(path, "benchmark file");
        using var document = InputFile.Read(path, "benchmark file", Parse);
        var root = document.RootElement;
        var reader = format is null ? Detect(root, path) : Find(format);

        // A forced format reads only its own fields: the fields of the format the file is in would be dropped unseen.
        if (format is not null && Readers.FirstOrDefault(r => r.Recognizes(root)) is { } shown && shown != reader)
        {
            warnings?.Add($"{path} looks like {shown.Format} but is read as {reader.Format}, as asked; fields only {shown.Format} has are ignored");
        }

        var dataset = reader.Read(root, new DatasetSource(path, seed));
        if (dataset.Cases.Count == 0) throw new DatasetFormatException(path, $"holds no {reader.Format} cases");
        ProbePrompts.RequireText(dataset);
        return name is null ? dataset : dataset with { Name = name };
    }

    /// <summary>The reader for a format name (any case).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IDatasetReader Find(string format) =>
        Readers.FirstOrDefault(r => string.Equals(r.Format, format, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown dataset format \"{format}\"; known: {string.Join(", ", Formats)}", nameof(format));

    private static IDatasetReader Detect(JsonElement root, string path) =>
        Readers.FirstOrDefault(r => r.Recognizes(root)) ?? throw new DatasetFormatException(path, Unrecognised(root));

    // What is wrong with the shape, where it is not simply records of an unknown format.
    private static string Unrecognised(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array when root.GetArrayLength() == 0 => "holds no records (an empty list)",
        JsonValueKind.Array when root[0].ValueKind != JsonValueKind.Object => $"record 0 is {(root[0].ValueKind == JsonValueKind.Array ? "a list" : "not an object")}; expected a list of record objects",
        JsonValueKind.Array => $"the records match no known format ({string.Join(", ", Formats)}); name one with --format to hear which field is missing",
        JsonValueKind.Object => $"the top level is one object, not a list of records, and matches no known format ({string.Join(", ", Formats)}); name one with --format",
        _ => "expected a list of records at the top level",
    };

    private static JsonDocument Parse(string path)
    {
        InputFile.RequireSize(path, "a dataset", MaxDatasetBytes);
        using var file = File.OpenRead(path);
        using Stream content = CheckedGzipStream.IsGzip(file) ? new CheckedGzipStream(path, "dataset") : file;
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // JSON Lines stops the parser right after its first record.
            string lines = e.Message.Contains("after a single JSON value", StringComparison.Ordinal) ? " (JSON Lines, one record per line, is not read: give a JSON list)" : "";
            throw new DatasetFormatException(path, $"is not valid JSON{lines}: {e.Message}", e);
        }
        catch (OverflowException e)
        {
            // JsonDocument holds the whole text in one array, so gzip that expands past 2 GiB overflows it.
            throw new DatasetFormatException(path, "decompresses to more than one JSON document holds (2 GiB)", e);
        }
    }
}
