using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>Reads one benchmark file format into cases.</summary>
public interface IDatasetReader
{
    /// <summary>The name <c>--format</c> takes, e.g. "knowedit" (see <see cref="DatasetFormats"/>).</summary>
    string Format { get; }

    /// <summary>Whether a parsed file has this format's shape (decided from the first record's fields).</summary>
    bool Recognizes(JsonElement root);

    /// <summary>Reads every record.</summary>
    /// <exception cref="DatasetFormatException">A record lacks a field or has it with the wrong type; the message names file, record and field.</exception>
    BenchmarkDataset Read(JsonElement root, DatasetSource source);
}
