namespace Amend.Editing.Tests;

public sealed class EditRequestTests
{
    private static EditRequest Request(string prompt, string subject = "Space Needle", string target = "Goa") =>
        new() { Prompt = prompt, Subject = subject, TargetNew = target };

    [Fact]
    public void Template_ReplacesFirstSubjectOccurrence()
    {
        Assert.Equal("The {} is in", Request("The Space Needle is in").Template);
    }

    [Fact]
    public void FilledPrompt_WritesSubjectIntoPlaceholder()
    {
        var request = Request("The {} is in");
        Assert.Equal("The Space Needle is in", request.FilledPrompt);
        Assert.Equal("The {} is in", request.Template);
    }

    [Theory]
    [InlineData("", "Space Needle", "Goa", "prompt")]
    [InlineData("The Space Needle is in", " ", "Goa", "subject")]
    [InlineData("The Space Needle is in", "Space Needle", "", "target_new")]
    [InlineData("The Eiffel Tower is in", "Space Needle", "Goa", "subject")]
    [InlineData("{} and {} are in", "Space Needle", "Goa", "prompt")]
    public void Validate_NamesTheBadField(string prompt, string subject, string target, string field)
    {
        var error = Assert.Throws<EditRequestException>(() => Request(prompt, subject, target).Validate());
        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ALongPromptIsQuotedByItsEnds_WithItsLength()
    {
        string prompt = "The Eiffel Tower " + string.Concat(Enumerable.Repeat("and a long tail ", 300)) + "is in";

        var error = Assert.Throws<EditRequestException>(() => Request(prompt).Validate());

        Assert.Contains("\"The Eiffel Tower and a long tail", error.Message, StringComparison.Ordinal);
        Assert.Contains($"long tail is in\" ({prompt.Length} characters)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }
}
