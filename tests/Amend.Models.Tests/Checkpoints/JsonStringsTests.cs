using System.Text.Json;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class JsonStringsTests
{
    [Theory]
    [InlineData("""{"a": "plain", "b": ["\u00e9", "\ud83d\ude00"], "c": {"d": "\\ud800 is only text"}}""")]
    [InlineData("""["\n\t\"", 1, null, true, {}]""")]
    public void FindUnreadable_IsNull_WhenEveryStringReads(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(JsonStrings.FindUnreadable(document.RootElement));
    }

    [Theory]
    [InlineData("\"\\ud800\"", "the top level")]
    [InlineData("""{"a": {"b": [1, "x", "\udc00y"]}}""", "a.b[2]")]
    [InlineData("""[{"ok": "\ud83d\ude00"}, {"bad": "\ud83d"}]""", "[1].bad")]
    [InlineData("""{"a": {"\ude00": 1}}""", "a member name in a")]
    [InlineData("""{"\ude00": 1}""", "a member name in the top level")]
    public void FindUnreadable_GivesThePathOfTheFirstUnpairedSurrogate(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, JsonStrings.FindUnreadable(document.RootElement));
    }

    [Fact]
    public void ParseNode_RefusesRepeatedMembersAndUnreadableStrings_AsJsonExceptions()
    {
        Assert.Equal(2, JsonStrings.ParseNode("""{"a": [1, 2]}""")!["a"]!.AsArray().Count);
        Assert.Contains("'a'", Assert.Throws<JsonException>(() => JsonStrings.ParseNode("""{"a": 1, "a": 2}""")).Message, StringComparison.Ordinal);
        Assert.StartsWith("x holds an unpaired", Assert.Throws<JsonException>(() => JsonStrings.ParseNode("""{"x": "\ud800"}""")).Message, StringComparison.Ordinal);
    }
}
