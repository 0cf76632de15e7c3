using System.Text;
using System.Text.RegularExpressions;
using Amend.Cli.Commands;

namespace Amend.Cli.Tests;

/// <summary>The <c>./amend</c> command lines in README.md, docs/ and the model cards parse as the tool does today.</summary>
public sealed partial class DocExampleTests
{
    private static readonly string[] Pages = ["README.md", "docs", "models"];

    [Fact]
    public void EveryConcreteExample_ParsesWithoutErrors()
    {
        // Given every example that is a real command line (not a sketch with "...", "[--option]" or "a | b")
        var examples = Examples().Where(e => !IsSketch(e.Words)).ToList();
        Assert.True(examples.Count >= 20, $"found only {examples.Count} concrete examples; is the extraction broken?");

        // When each is parsed by the tool's command tree
        var failures = examples
            .Select(e => (e.Where, Errors: Program.BuildRoot().Parse(e.Words[1..]).Errors.Select(x => x.Message).ToList()))
            .Where(r => r.Errors.Count > 0)
            .Select(r => $"{r.Where}: {string.Join("; ", r.Errors)}")
            .ToList();

        // Then none fails
        Assert.True(failures.Count == 0, "doc examples that no longer parse:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Words_SplitsAsAShellDoes()
    {
        Assert.Equal(["./amend", "trace", "--prompt", "The Space Needle is in", "--out", "a.svg"], Words("./amend trace --prompt \"The Space Needle is in\" --out a.svg   # comment"));
        Assert.Equal(["./amend", "x", "--subject", "it's # here"], Words("./amend x --subject 'it''s # here'".Replace("''", "'\"'\"'", StringComparison.Ordinal)));
    }

    // Each example with continuation lines joined and the page's shell variables (B="--model ...") expanded, as (file:line, words).
    private static IEnumerable<(string Where, string[] Words)> Examples()
    {
        string root = Path.GetDirectoryName(CheckoutFiles.Find("README.md", "run from the checkout"))!;
        var files = Pages.SelectMany(p => File.Exists(Path.Combine(root, p)) ? [Path.Combine(root, p)] : Directory.EnumerateFiles(Path.Combine(root, p), "*.md", SearchOption.AllDirectories));
        foreach (string file in files.Where(f => !f.EndsWith(Path.Combine("docs", "cli.md"), StringComparison.Ordinal)))
        {
            string[] lines = File.ReadAllLines(file);
            var variables = new Dictionary<string, string[]>(StringComparer.Ordinal);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimStart().TrimStart('$', ' ');
                if (Assignment().Match(line) is { Success: true } set) variables[set.Groups[1].Value] = Words(Words(set.Groups[2].Value).SingleOrDefault() ?? "");
                if (!line.StartsWith("./amend ", StringComparison.Ordinal)) continue;
                int first = i;
                while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1] + " " + lines[++i].Trim();
                string[] words = [.. Words(line).SelectMany(w => w.StartsWith('$') && variables.TryGetValue(w[1..], out var value) ? value : [w])];
                yield return ($"{Path.GetRelativePath(root, file)}:{first + 1}", words);
            }
        }
    }

    [GeneratedRegex(@"^([A-Z_][A-Z0-9_]*)=(.*)$")]
    private static partial Regex Assignment();

    private static bool IsSketch(string[] words) =>
        words.Any(w => w is "..." or "|" || w.StartsWith('[') || w.EndsWith(']'));

    // Shell words: whitespace-separated, with '...' and "..." quoting, up to an unquoted #.
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }

            if (c is '"' or '\'')
            {
                (quote, inWord) = (c, true);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                (inWord, word) = (false, word.Clear());
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord) words.Add(word.ToString());
        return [.. words];
    }
}
