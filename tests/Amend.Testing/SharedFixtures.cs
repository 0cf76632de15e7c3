namespace Amend.Testing;

/// <summary>
/// Locates the project's shared fixtures (../shared beside the repository: golden references, data,
/// models). A missing fixture fails the test with the path it was expected at; it never skips.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The shared folder: $AMEND_SHARED when set, else the first "shared" folder found beside an ancestor of the test binaries.</summary>
    public static string Root => s_root.Value;

    /// <summary>An existing file or folder under the shared root; fails the test when it is missing.</summary>
    public static string Path(params string[] parts)
    {
        string path = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Fail($"fixture missing: {path} (expected in ../shared beside the repository, or under $AMEND_SHARED)");
        }

        return path;
    }

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("AMEND_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "golden"))) return candidate;
        }

        Assert.Fail($"the shared fixture folder was not found above {AppContext.BaseDirectory}: clone the repository beside ../shared, or set AMEND_SHARED");
        return string.Empty;
    }
}
