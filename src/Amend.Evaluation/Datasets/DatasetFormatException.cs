namespace Amend.Evaluation.Datasets;

/// <summary>A benchmark file does not hold what its format requires; the message names the file, record and field.</summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>An error about the whole file.</summary>
    public DatasetFormatException(string file, string message, Exception? inner = null)
        : base($"{file}: {message}", inner)
    {
        File = file;
    }

    /// <summary>An error about one field of one record.</summary>
    public DatasetFormatException(string file, int record, string field, string message)
        : base($"{file}: record {record}, field \"{field}\": {message}")
    {
        File = file;
        Record = record;
        Field = field;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The 0-based record index, or null for a file-level error.</summary>
    public int? Record { get; }

    /// <summary>The field (a dotted path such as "requested_rewrite.target_new.str"), or null.</summary>
    public string? Field { get; }
}
