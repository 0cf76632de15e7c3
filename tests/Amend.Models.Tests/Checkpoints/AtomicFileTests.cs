using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class AtomicFileTests
{
    [Fact]
    public void WriteAllText_WritesUtf8WithoutAByteOrderMark_AndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "nested", "note.md");

        AtomicFile.WriteAllText(path, "Space Needle → Goa");

        Assert.Equal("Space Needle → Goa"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
