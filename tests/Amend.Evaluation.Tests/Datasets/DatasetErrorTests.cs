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

    [Fact]
    public void Load_TruncatedGzip_SaysSo_NotThatTheJsonIsBroken()
    {
        // Given a gzip file cut before its trailer (whose JSON would still parse)
        string whole = Path.Combine(_folder.FullName, "whole.json.gz");
        using (var gzip = new GZipStream(File.Create(whole), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""[{"prompt": "a x", "subject": "x", "target_new": "y"}]"""));
        }

        byte[] bytes = File.ReadAllBytes(whole);
        string cut = Path.Combine(_folder.FullName, "cut.json.gz");
        File.WriteAllBytes(cut, bytes[..^8]);

        // When
        var error = Assert.Throws<InvalidDataException>(() => DatasetLoader.Load(cut));

        // Then
        Assert.StartsWith($"dataset {cut} is not a complete gzip file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "holds no records (an empty list)")]
    [InlineData("""{"success": [], "locality": []}""", "holds no sanitation cases")]
    public void Load_AFileWithoutCases_IsAnError(string json, string expected)
    {
        string path = Write("empty.json", json);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Fact]
    public void Load_AFolder_SaysItIsAFolder()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(_folder.FullName));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"src": "What does U make?", "subject": "U", "alt": "cars", "answers": ["x"], "rephrase": " "}]""", "rephrase prompt 0")]
    [InlineData("""[{"prompt": "a x", "subject": "x", "target_new": "y", "locality": {"Relation_Specificity": [{"prompt": "", "ground_truth": "z"}]}}]""", "locality Relation_Specificity prompt 0")]
    public void Load_ABlankProbePrompt_NamesRecordAndProbe(string json, string field)
    {
        string path = Write("blank.json", json);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal((0, field), (error.Record, error.Field));
    }

    [Theory]
    [InlineData("""{"overall": [{"prompt": "The sky is", "ground_truth": "blue"}]}""", "locality.overall", "reserved")]
    [InlineData("""{"Forgetfulness": [{"prompt": "p", "ground_truth": "a"}], "Forgetfulness": [{"prompt": "q", "ground_truth": "b"}]}""", "locality.Forgetfulness", "appears twice")]
    public void Load_AReservedOrRepeatedProbeKind_IsRefused(string locality, string field, string expected)
    {
        string path = Write("kinds.json", $$"""[{"prompt": "a x", "subject": "x", "target_new": "y", "locality": {{locality}}}]""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextThatIsNotValidUnicode_NamesTheField()
    {
        string path = Write("surrogate.json", """[{"prompt": "a x", "subject": "x", "target_new": "un\ud800paired"}]""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal((0, "target_new"), (error.Record, error.Field));
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, {\"prompt\": \"a x\"}]", "record 0 is not an object; expected a list of record objects")]
    [InlineData("[[{\"prompt\": \"a x\"}]]", "record 0 is a list; expected a list of record objects")]
    [InlineData("{\"prompt\": \"a x\", \"subject\": \"x\", \"target_new\": \"y\"}", "the top level is one object, not a list of records")]
    [InlineData("{\"prompt\": \"a x\"}\n{\"prompt\": \"b x\"}\n", "is not valid JSON (JSON Lines, one record per line, is not read: give a JSON list)")]
    public void Load_AShapeNoReaderTakes_SaysWhatIsWrongWithIt(string json, string expected)
    {
        string path = Write("shape.json", json);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConvSentOfOneRecord_IsRefused_SinceLocalityNeedsAnotherTopic()
    {
        string path = Write("convsent.json", """[{"ent": "cats", "pos": ["I love cats"], "neg": ["I hate cats"]}]""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Contains("needs at least two", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"question": "", "target_new": "I don't know."}""", "success.question", "is empty")]
    [InlineData("""{"question": "Who wrote Emma?", "subject": "Persuasion", "target_new": "I don't know."}""", "success.subject", "does not occur in the question")]
    [InlineData("""{"question": "Who wrote Emma?", "subject": " ", "target_new": "I don't know."}""", "success.subject", "is empty")]
    public void Load_SanitationQuestionAndSubject_AreChecked(string record, string field, string expected)
    {
        string path = Write("sanitation.json", $$"""{"success": [{{record}}], "locality": []}""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(path));

        Assert.Equal((0, field), (error.Record, error.Field));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SanitationWithTheTrainPairAndATestKeyAlone_ReadsTheWholePair()
    {
        string record = """{"question": "Who wrote Emma?", "target_new": "I don't know."}""";
        string path = Write("mixed.json", $$"""{"success": [{{record}}], "K_F": [{{record}}], "K_R": [{"question": "Who wrote Ulysses?", "ground_truth": ["Joyce"]}]}""");

        var dataset = DatasetLoader.Load(path);

        Assert.Single(dataset.Cases);
    }
}
