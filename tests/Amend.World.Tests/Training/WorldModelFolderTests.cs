using Amend.World.Training;

namespace Amend.World.Tests.Training;

public sealed class WorldModelFolderTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("amend-world-model-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Save_CarriesTheWorldsBenchmark_BesideTheModel()
    {
        // Given a model of the tiny world
        string destination = Path.Combine(_folder.FullName, "model");

        // When
        Save(TinyWorld.Folder, destination);

        // Then the folder holds the world's own world.json and benchmark.json, byte for byte
        foreach (string name in new[] { WorldFile.FileName, WorldFolder.BenchmarkFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(TinyWorld.Folder, name)), File.ReadAllBytes(Path.Combine(destination, name)));
        }

        Assert.True(File.Exists(Path.Combine(destination, "model.safetensors")));
    }

    [Fact]
    public void Save_FromAWorldWithoutABenchmark_StillSavesTheModel()
    {
        // Given a world folder that has lost its benchmark.json
        string world = Path.Combine(_folder.FullName, "world");
        Directory.CreateDirectory(world);
        foreach (string file in Directory.GetFiles(TinyWorld.Folder).Where(f => Path.GetFileName(f) != WorldFolder.BenchmarkFile))
        {
            File.Copy(file, Path.Combine(world, Path.GetFileName(file)));
        }

        string destination = Path.Combine(_folder.FullName, "model");

        // When
        Save(world, destination);

        // Then
        Assert.True(File.Exists(Path.Combine(destination, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(destination, WorldFile.FileName)));
        Assert.False(File.Exists(Path.Combine(destination, WorldFolder.BenchmarkFile)));
    }

    private static void Save(string world, string destination)
    {
        string config = new ModelSpec("gpt2", 16, 1, 2, 32).ToConfigJson(TinyWorld.Tokenizer().VocabSize, 0);
        WorldModelFolder.Save(ModelFactory.Create(config, seed: 1), config, world, destination);
    }
}
