using System.Text.Json.Nodes;

namespace Amend.World.Tests.Generation;

public sealed class WorldFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("amend-world-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_ReadsWhatSaveWrote()
    {
        string path = Path.Combine(_folder, WorldFile.FileName);
        WorldFile.Save(TinyWorld.World, path);

        var world = WorldFile.Load(path);

        Assert.Equal(TinyWorld.World.AllFacts, world.AllFacts);
    }

    [Theory]
    [InlineData("unknown relation", "uses no known relation")]
    [InlineData("unknown entity", "names no entity of the world (\"Nowhere\")")]
    [InlineData("two countries, one capital", "capital is one-to-one, but")]
    [InlineData("entity without aliases", "is not a world file:")]
    public void Load_ABrokenWorld_IsAnErrorNamingTheFile(string damage, string expected)
    {
        // Given the tiny world's file, damaged in one place
        string path = Path.Combine(_folder, WorldFile.FileName);
        var root = JsonNode.Parse(WorldFile.ToJson(TinyWorld.World))!.AsObject();
        var facts = root["facts"]!.AsArray();
        var entities = root["entities"]!.AsArray();
        var capitals = facts.Where(f => (string?)f!["relation"] == "capital").ToList();
        switch (damage)
        {
            case "unknown relation": facts[0]!["relation"] = "born-in"; break;
            case "unknown entity": facts[0]!["object"] = "Nowhere"; break;
            case "two countries, one capital": capitals[1]!["object"] = (string?)capitals[0]!["object"]; break;
            default: entities[0]!.AsObject().Remove("aliases"); break;
        }

        File.WriteAllText(path, root.ToJsonString());

        // When it is loaded, Then the error names the file and the problem
        var error = Assert.Throws<ArgumentException>(() => WorldFile.Load(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
