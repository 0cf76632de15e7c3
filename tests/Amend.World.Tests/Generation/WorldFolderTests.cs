namespace Amend.World.Tests.Generation;

public sealed class WorldFolderTests
{
    [Fact]
    public void Write_PutsEveryFileInPlace_AndLeavesNoTemporaryFiles()
    {
        string folder = Directory.CreateTempSubdirectory("amend-world-folder-").FullName;
        try
        {
            WorldFolder.Write(TinyWorld.World, folder, vocabSize: 300, maxLength: 64);

            Assert.Equal(
                ["benchmark.json", "corpus.txt", "tokenizer.json", "tokenizer_config.json", "world.json"],
                Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(CorpusBuilder.Sentences(TinyWorld.World), WorldFolder.ReadCorpus(folder));
            Assert.Equal(TinyWorld.World.AllFacts, WorldFile.Load(Path.Combine(folder, WorldFile.FileName)).AllFacts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Write_ThatCannotPutOneFileInPlace_LeavesTheFolderAsItWas()
    {
        // Given a folder where corpus.txt is taken by a folder, so that file cannot be renamed into place
        string folder = Directory.CreateTempSubdirectory("amend-world-folder-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, WorldFolder.CorpusFile));
        File.WriteAllText(Path.Combine(folder, WorldFile.FileName), "old");
        try
        {
            // When
            Assert.ThrowsAny<IOException>(() => WorldFolder.Write(TinyWorld.World, folder, vocabSize: 300, maxLength: 64));

            // Then
            Assert.Equal([WorldFolder.CorpusFile, WorldFile.FileName], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal("old", File.ReadAllText(Path.Combine(folder, WorldFile.FileName)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadCorpus_OfAHugeFile_IsRefused_NamingIt()
    {
        // Given a world folder whose corpus.txt is 3 GiB (sparse)
        string folder = Directory.CreateTempSubdirectory("amend-world-folder-").FullName;
        string huge = Path.Combine(folder, WorldFolder.CorpusFile);
        using (var file = File.Create(huge)) file.SetLength(3L << 30);
        try
        {
            // When
            var error = Assert.Throws<InvalidDataException>(() => WorldFolder.ReadCorpus(folder));

            // Then
            Assert.StartsWith($"{huge} is 3 GiB, too large for a world's corpus", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
