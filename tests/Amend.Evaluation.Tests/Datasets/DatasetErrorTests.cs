using System.IO.Compression;
using System.Text;
using Amend.Evaluation.Datasets;

namespace Amend.Evaluation.Tests.Datasets;

public sealed class DatasetErrorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("amend-datasets-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string json)
    {
        string path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_MistypedField_NamesFileRecordAndField()
    {
        // Given: record 1 has a number where the target must be a string
        string path = Write("bad.json", """[{"prompt": "a x", "subject": "x", "target_new": "y"}, {"prompt": "b x", "subject": "x", "target_new": 3}]""");

        // When
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        // Then
        Assert.Equal((path, 1, "target_new"), (error.File, error.Record, error.Field));
        Assert.Contains("record 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingNestedField_NamesItsPath()
    {
        string path = Write("rome.json", """[{"case_id": 0, "requested_rewrite": {"prompt": "{} is in", "subject": "x", "target_new": {"str": "y"}}, "paraphrase_prompts": [], "neighborhood_prompts": []}]""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal("requested_rewrite.target_true", error.Field);
    }

    [Fact]
    public void Load_UnknownShape_SuggestsFormat_AndForcedFormatReportsTheMissingField()
    {
        string path = Write("other.json", """[{"question": "q"}]""");

        Assert.Contains("--format", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path)).Message, StringComparison.Ordinal);
        Assert.Equal("prompt", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path, DatasetFormats.CounterFact)).Field);
        Assert.Throws<ArgumentException>(() => DatasetLoader.Load(path, "nope"));
    }

    [Fact]
    public void Load_GzipWithoutGzExtension_AndInvalidJson()
    {
        string path = Path.Combine(_folder.FullName, "packed.json");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""[{"prompt": "a x", "subject": "x", "target_new": "y"}]"""));
        }

        Assert.Single(DatasetLoader.Load(path).Cases);
        Assert.Contains("not valid JSON", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(Write("broken.json", "[{"))).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(Path.Combine(_folder.FullName, "none.json")));
    }
}
