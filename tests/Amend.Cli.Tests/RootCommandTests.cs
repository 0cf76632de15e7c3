using Amend.Cli;

namespace Amend.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public void Parse_ReportsUnknownCommand()
    {
        var result = Program.BuildRoot().Parse(["no-such-command"]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Root_ListsBenchCommand()
    {
        Assert.Contains(Program.BuildRoot().Subcommands, c => c.Name == "bench");
    }
}
