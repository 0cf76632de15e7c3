namespace Amend.Editing.Tests.Statistics;

/// <summary>A fresh folder under the system temp folder, deleted with its contents on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("amend-stats-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
