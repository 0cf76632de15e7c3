namespace Amend.Cli.Commands;

/// <summary>Finds the checkout's own files (the default model, its recipes, ../shared fixtures) for commands run from a clone.</summary>
internal static class CheckoutFiles
{
    /// <summary>
    /// The first existing <paramref name="relative"/> path under an ancestor of the tool's binaries (artifacts/...) or of
    /// the working directory.
    /// </summary>
    /// <exception cref="FileNotFoundException">None exists; the message ends with <paramref name="hint"/>.</exception>
    public static string Find(string relative, string hint)
    {
        foreach (string root in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (Directory.Exists(candidate) || File.Exists(candidate)) return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} was not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; {hint}");
    }
}
