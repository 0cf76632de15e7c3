using Amend.Editing.Shared;

namespace Amend.Editing.Tests.Shared;

public sealed class ContextTemplatesTests
{
    [Fact]
    public void ReadJson_GoldenFile_GivesEasyEditsTemplates()
    {
        var templates = ContextTemplates.ReadJson(GoldenGpt2.Reference("ROME", "context_templates.json"));

        Assert.Equal(21, templates.Count);
        Assert.Equal("{}", templates[0]);
        Assert.Equal("The doseura easilyrehens. {}", templates[1]);
        Assert.Contains(templates, t => t.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[\"{}\", \"A. {}\"]")]
    [InlineData("[[\"{}\"], [\"A. {}\"]]")]
    [InlineData("{\"templates\": [\"{}\", \"A. {}\"]}")]
    public void ReadJson_AcceptsFlatAndNestedLists(string json)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            Assert.Equal(["{}", "A. {}"], ContextTemplates.ReadJson(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadJson_AnUnpairedSurrogateEscape_NamesFileAndPlace()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"templates\": [\"{}\", \"A.\\ud800 {}\"]}");
            var error = Assert.Throws<InvalidDataException>(() => ContextTemplates.ReadJson(path));
            Assert.StartsWith($"{path}: templates[1] holds an unpaired UTF-16 surrogate escape", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadJson_TemplateWithoutPlaceholder_NamesFileAndTemplate()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "[\"{}\", \"no placeholder\"]");
            var error = Assert.Throws<InvalidDataException>(() => ContextTemplates.ReadJson(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("no placeholder", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void For_GeneratesOncePerModelAndSeed_AndInjectedTemplatesWin()
    {
        // Given
        var model = GoldenGpt2.Load();
        IReadOnlyList<IReadOnlyList<int>> lengths = [[3, 5]];

        // When
        var first = ContextTemplates.For(model, lengths, new EditOptions { Seed = 1 });
        var again = ContextTemplates.For(model, lengths, new EditOptions { Seed = 1 });
        var injected = ContextTemplates.For(model, lengths, new EditOptions { ContextTemplates = ["{}", "X. {}"] });

        // Then: "{}" and one 3-token text per start word, each ending ". {}"
        Assert.Same(first, again);
        Assert.Equal(6, first.Count);
        Assert.Equal("{}", first[0]);
        string[] words = ["The", "Therefore", "Because", "I", "You"];
        Assert.All(first.Skip(1).Zip(words), p => Assert.StartsWith(p.Second, p.First, StringComparison.Ordinal));
        Assert.All(first.Skip(1), t => Assert.EndsWith(". {}", t, StringComparison.Ordinal));
        Assert.Equal(first, ContextTemplates.Generate(model, lengths, seed: 1));
        Assert.Equal(["{}", "X. {}"], injected);
    }

    [Theory]
    [InlineData("", "Because f(x) x. ")]
    [InlineData(" ", "Because f( x ) x. ")]
    public void Clean_ReplacesBracesAsTheMethodDoes(string braces, string expected)
    {
        // Given a generated text with braces and a paragraph break (ROME drops braces, the MEMIT family writes spaces)
        string cleaned = ContextTemplates.Clean("Because f({x})\n\nx. ", braces);

        Assert.Equal(expected, cleaned);
    }

    [Fact]
    public void For_CachesEachBraceChoiceApart()
    {
        var model = GoldenGpt2.Load();
        IReadOnlyList<IReadOnlyList<int>> lengths = [[3, 5]];

        var rome = ContextTemplates.For(model, lengths, new EditOptions { Seed = 2 });
        var memit = ContextTemplates.For(model, lengths, new EditOptions { Seed = 2 }, braces: " ");

        Assert.NotSame(rome, memit);
    }
}
