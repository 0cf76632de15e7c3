using System.CommandLine;
using System.Text.RegularExpressions;
using Amend.Cli.Commands;

namespace Amend.Cli.Tests;

public sealed class CommandReferenceTests
{
    [Fact]
    public void DocsCliMd_HasASectionForEveryCommand_ListingEachOfItsOptionsWithItsDescription()
    {
        // Given the reference page and the tool's command tree
        string page = File.ReadAllText(CheckoutFiles.Find(Path.Combine("docs", "cli.md"), "run from the checkout"));
        var missing = new List<string>();

        // When each visible command's section is looked up
        foreach (var (path, command) in Commands("amend", Program.BuildRoot()))
        {
            string? section = Section(page, path);
            if (section is null)
            {
                missing.Add($"no section \"## {path}\"");
                continue;
            }

            missing.AddRange(command.Options.Where(o => !o.Hidden && !Lists(section, o)).Select(o => $"{path}: {o.Name}"));
        }

        // Then none is missing (regenerate with: bash docs/make-cli-reference.sh)
        Assert.True(missing.Count == 0, "docs/cli.md is behind the code; run bash docs/make-cli-reference.sh. Missing: " + string.Join("; ", missing));
    }

    private static IEnumerable<(string Path, Command Command)> Commands(string path, Command command)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var inner in Commands($"{path} {sub.Name}", sub)) yield return inner;
        }
    }

    // A help line that starts with the option (after its aliases) and carries its description: a substring would take
    // --noise for --noise-std, and a stale description would pass.
    private static bool Lists(string section, Option option) =>
        Regex.Matches(section, $@"^\s+(?:-\S+, )*{Regex.Escape(option.Name)}[ <].*$", RegexOptions.Multiline)
            .Any(line => option.Description is null || line.Value.Contains(option.Description, StringComparison.Ordinal));

    // The text from "## path" to the next heading.
    private static string? Section(string page, string path)
    {
        string heading = $"## {path}\n";
        int start = page.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0) return null;
        int end = page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }
}
