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

    [Theory]
    [InlineData(new[] { "generate", "--model", "m", "--max-new-tokens", "100000000000" }, "amend generate: ", "100000000000")]
    [InlineData(new[] { "bench", "kernels", "--no-such-option" }, "amend bench kernels: ", "--no-such-option")]
    [InlineData(new[] { "no-such-command" }, "amend: ", "no-such-command")]
    public void AnUnparsableCommandLine_IsOneLineAndExitCode2(string[] args, string start, string named)
    {
        var (code, output, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith(start, error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(new[] { "bench", "--limit", "99999999999" }, "'--limit' as an integer from -2147483648 to 2147483647.")]
    [InlineData(new[] { "generate", "--model", "m", "--prompt", "p", "--temperature", "warm" }, "'--temperature' as a number.")]
    [InlineData(new[] { "bench", "kernels", "--runs", "abc" }, "'--runs' as an integer from -2147483648 to 2147483647.")]
    [InlineData(new[] { "trace", "--model", "m", "--prompt", "p q", "--subject", "p", "--out", "t.svg", "--window", "wide" }, "'--window' as an integer from -2147483648 to 2147483647.")]
    public void AValueOfTheWrongType_IsDescribedWithoutDotNetTypeNames(string[] args, string expected)
    {
        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_ListsBenchCommand()
    {
        Assert.Contains(Program.BuildRoot().Subcommands, c => c.Name == "bench");
    }
}
