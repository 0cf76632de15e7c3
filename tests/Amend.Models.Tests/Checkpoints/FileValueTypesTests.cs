using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class FileValueTypesTests
{
    private enum Mode
    {
        [System.Text.Json.Serialization.JsonStringEnumMemberName("fast_mode")]
        Fast,
        Slow,
    }

    [Theory]
    [InlineData(typeof(int), "an integer")]
    [InlineData(typeof(long?), "an integer")]
    [InlineData(typeof(float), "a number")]
    [InlineData(typeof(bool), "true or false")]
    [InlineData(typeof(string), "a string")]
    [InlineData(typeof(IReadOnlyList<int>), "a list of integers")]
    [InlineData(typeof(string[]), "a list of strings")]
    [InlineData(typeof(List<IReadOnlyList<double>>), "a list of lists of numbers")]
    [InlineData(typeof(Mode), "one of fast_mode, Slow")]
    [InlineData(typeof(Uri), null)]
    public void Describe_NamesTypesAsAFileAuthorWould(Type type, string? expected)
    {
        Assert.Equal(expected, FileValueTypes.Describe(type));
    }
}
