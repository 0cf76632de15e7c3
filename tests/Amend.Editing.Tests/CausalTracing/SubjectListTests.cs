using Amend.Editing.CausalTracing;

namespace Amend.Editing.Tests.CausalTracing;

public sealed class SubjectListTests
{
    [Fact]
    public void Read_TakesSubjectsOfRomeKnownsAndCounterFactRecords_InOrder()
    {
        string path = Write("""
            [
              {"known_id": 0, "subject": "Vinson Massif", "attribute": "Antarctica", "template": "{} is located in the continent of"},
              {"case_id": 1, "requested_rewrite": {"prompt": "{} plays", "subject": "Toko Yasuda", "target_new": {"str": "piano"}}},
              {"subject": "Vinson Massif", "prompt": "x", "target_new": "y"}
            ]
            """);
        try
        {
            Assert.Equal(["Vinson Massif", "Toko Yasuda", "Vinson Massif"], SubjectList.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_RomesKnownFacts_GivesEverySubject()
    {
        var subjects = SubjectList.Read(SharedFixtures.Path("data", "rome-knowns", "known_1000.json"));

        Assert.Equal(1209, subjects.Count);
        Assert.Equal("Vinson Massif", subjects[0]);
    }

    [Theory]
    [InlineData("""[{"subject": "a"}, {"prompt": "b"}]""", "record 1 has no \"subject\"")]
    [InlineData("""[{"subject": "a"}, {"subject": "  "}]""", "record 1 has no \"subject\"")]
    [InlineData("""[{"requested_rewrite": {"subject": 3}}]""", "record 0 has no \"subject\"")]
    [InlineData("[]", "found an empty list")]
    [InlineData("""{"subject": "a"}""", "found object")]
    [InlineData("[{\"subject\": ", "not JSON")]
    public void Read_BadFile_NamesTheFileAndTheProblem(string json, string expected)
    {
        string path = Write(json);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SubjectList.Read(path));

            Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "amend-no-such-subjects.json");

        var error = Assert.Throws<FileNotFoundException>(() => SubjectList.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static string Write(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"amend-subjects-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
