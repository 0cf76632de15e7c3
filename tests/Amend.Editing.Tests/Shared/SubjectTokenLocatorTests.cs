using Amend.Editing.Shared;
using Amend.Models.Tokenizers;

namespace Amend.Editing.Tests.Shared;

public sealed class SubjectTokenLocatorTests
{
    private static readonly ITokenizer Gpt2 = TokenizerLoader.FromFolder(SharedFixtures.Path("models", "fake-gpt2-tiny-random"));

    [Theory]
    [InlineData("The {} is in", "Space Needle", " Space Needle")]
    [InlineData("{} is in", "Space Needle", "Space Needle")]
    [InlineData("Where is {}?", "the Eiffel Tower", " the Eiffel Tower")]
    public void Locate_SubjectSpanDecodesToTheSubject(string template, string subject, string expected)
    {
        var location = SubjectTokenLocator.Locate(Gpt2, template, subject, FactToken.SubjectLast);
        Assert.Equal(expected, Gpt2.Decode(location.Ids.AsSpan(location.SubjectStart, location.SubjectEnd - location.SubjectStart)));
        Assert.Equal(location.SubjectEnd - 1, location.Index);
        Assert.Equal(Gpt2.Encode(template.Replace("{}", subject, StringComparison.Ordinal)), location.Ids);
    }

    [Fact]
    public void Locate_OtherFactTokens()
    {
        var first = SubjectTokenLocator.Locate(Gpt2, "The {} is in", "Space Needle", FactToken.SubjectFirst);
        var after = SubjectTokenLocator.Locate(Gpt2, "The {} is in", "Space Needle", FactToken.SubjectFirstAfterLast);
        var last = SubjectTokenLocator.Locate(Gpt2, "The {} is in", "Space Needle", FactToken.Last);
        Assert.Equal(1, first.Index);
        Assert.Equal(first.SubjectEnd, after.Index);
        Assert.Equal(" is", Gpt2.Decode(after.Ids.AsSpan(after.Index, 1)));
        Assert.Equal(last.Ids.Length - 1, last.Index);
    }

    [Fact]
    public void Locate_SubjectFirstAfterLast_AtEnd_FallsBackToLastSubjectToken()
    {
        var location = SubjectTokenLocator.Locate(Gpt2, "I visited {}", "Paris", FactToken.SubjectFirstAfterLast);
        Assert.Equal(location.Ids.Length - 1, location.Index);
    }

    [Fact]
    public void Locate_SubjectGluedToText_UsesCharacterOffsets()
    {
        // "(Paris)" tokenises "(" + "Paris" + ")" differently from the pieces " Paris"; offsets still find it.
        var location = SubjectTokenLocator.Locate(Gpt2, "Capital ({}) is", "Paris", FactToken.SubjectLast);
        string span = Gpt2.Decode(location.Ids.AsSpan(location.SubjectStart, location.SubjectEnd - location.SubjectStart));
        Assert.Contains("Paris", span, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_TemplateWithoutPlaceholder_Throws()
    {
        Assert.Throws<EditRequestException>(() => SubjectTokenLocator.Locate(Gpt2, "The Space Needle is in", "Space Needle", FactToken.SubjectLast));
    }
}
