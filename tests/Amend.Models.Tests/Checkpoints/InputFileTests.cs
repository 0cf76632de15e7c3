using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class InputFileTests
{
    [Fact]
    public void RequireExists_SaysWhetherNothingOrAFolderIsThere()
    {
        string folder = Directory.CreateTempSubdirectory("amend-input-").FullName;
        try
        {
            string missing = Path.Combine(folder, "requests.json"), file = Path.Combine(folder, "present.json");
            File.WriteAllText(file, "[]");

            var none = Assert.Throws<FileNotFoundException>(() => InputFile.RequireExists(missing, "requests file"));
            var isFolder = Assert.Throws<FileNotFoundException>(() => InputFile.RequireExists(folder, "requests file"));
            InputFile.RequireExists(file, "requests file");

            Assert.Equal($"requests file {missing} not found", none.Message);
            Assert.Equal($"requests file {folder} is a folder; give the file", isFolder.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // /proc/self/mem reports a size of 0 and fails with EIO when read from its start: the error names the file and
    // what it should have been, once.
    [Fact]
    public void ReadAllText_AFileThatFailsToRead_NamesItAndWhatItShouldBe()
    {
        Assert.True(File.Exists("/proc/self/mem"), "this test needs Linux's /proc, where CI runs");

        var error = Assert.Throws<IOException>(() => InputFile.ReadAllText("/proc/self/mem", "hyperparameters file"));
        var unnormalised = Assert.Throws<IOException>(() => InputFile.ReadAllText("/proc/self/../self/mem", "hyperparameters file"));

        Assert.StartsWith("cannot read hyperparameters file /proc/self/mem: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'/proc/self/mem'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot read hyperparameters file /proc/self/../self/mem: ", unnormalised.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" : '", unnormalised.Message, StringComparison.Ordinal);
    }
}
