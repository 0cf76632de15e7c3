using Amend.Cli.Commands;

namespace Amend.Cli.Tests.Commands;

public sealed class CommandErrorsTests
{
    [Fact]
    public void AnArgumentError_IsPrintedWithoutTheCodesParameterName()
    {
        var error = new StringWriter();

        int code = CommandErrors.Run("x", error, () => throw new ArgumentException("the config needs a name", "configJson"));

        Assert.Equal(2, code);
        Assert.Equal("amend x: the config needs a name" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void AnOutOfRangeError_IsOneLine_WithoutTheActualValueLine()
    {
        var error = new StringWriter();

        int code = CommandErrors.Run("trace", error, () => throw new ArgumentOutOfRangeException("Samples", 0, "--samples must be at least 1"));

        Assert.Equal(2, code);
        Assert.Equal("amend trace: --samples must be at least 1" + Environment.NewLine, error.ToString());
    }
}
