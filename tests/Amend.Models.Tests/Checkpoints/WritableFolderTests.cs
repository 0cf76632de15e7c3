using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class WritableFolderTests
{
    [Fact]
    public void Require_AFolderNotYetMade_UnderAWritableOne_PassesAndLeavesNothingBehind()
    {
        using var folder = new TempFolder();

        WritableFolder.Require(Path.Combine(folder.Path, "run", "reports"), "for the run (--out)");

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Require_APathThroughAFile_NamesTheFile()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("summary.json"), "{}");

        var error = Assert.Throws<IOException>(() => WritableFolder.Require(Path.Combine(folder.Path, "summary.json", "run"), "for the run (--out)"));

        Assert.Equal($"cannot write in {Path.Combine(folder.Path, "summary.json", "run")} for the run (--out): {folder.File("summary.json")} is a file", error.Message);
    }

    [Fact]
    public void RequireFile_AFolder_AsksForAFileName()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<IOException>(() => WritableFolder.RequireFile(folder.Path, "for the table (--out)"));

        Assert.Equal($"cannot write {folder.Path} for the table (--out): it is a folder; give a file name", error.Message);
    }

    // procfs refuses new files with "not found": the message names the folder, not the probe file it tried.
    [Fact]
    public void Require_AFolderThatTakesNoNewFiles_SaysSo_WithoutNamingTheProbe()
    {
        Assert.True(Directory.Exists("/proc/self"), "this test needs Linux's /proc, where CI runs");

        var error = Assert.Throws<IOException>(() => WritableFolder.Require("/proc/amend-run", "for the merged run's reports (--out)"));

        Assert.Equal("cannot write in /proc/amend-run for the merged run's reports (--out): /proc takes no new files", error.Message);
    }
}
