using System.Text.Json;
using System.Text.Json.Serialization;
using Amend.Models.Checkpoints;
using Amend.World.Facts;

namespace Amend.World.Generation;

/// <summary>Reads and writes world.json: the seed, the entities, the stored facts and, for readers, the relations with their templates.</summary>
public static class WorldFile
{
    /// <summary>The file name used in world and model folders.</summary>
    public const string FileName = "world.json";

    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },

        // An entity without a name or aliases is an error naming the field, not a null that fails far from the file.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Writes <paramref name="world"/> to <paramref name="path"/> (a new file renamed into place).</summary>
    public static void Save(FactWorld world, string path)
        => AtomicFile.WriteAllText(path, ToJson(world));

    /// <summary>The text of world.json for <paramref name="world"/>.</summary>
    public static string ToJson(FactWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var document = new Document(world.Seed, world.Entities, world.Facts, RelationCatalog.All);
        return JsonSerializer.Serialize(document, s_options);
    }

    /// <summary>Reads a world written by <see cref="Save"/> (relations come from <see cref="RelationCatalog"/>).</summary>
    /// <exception cref="IOException">The file is missing.</exception>
    /// <exception cref="ArgumentException">The file is not a world (the message names it and the problem).</exception>
    public static FactWorld Load(string path)
    {
        if (!File.Exists(path)) throw new IOException($"{path} not found; create a world with `amend world generate`");
        try
        {
            var document = JsonSerializer.Deserialize<Document>(InputFile.ReadAllText(path, "a world file"), s_options)
                ?? throw new ArgumentException($"{path} is empty");
            if (document.Entities is null || document.Facts is null) throw new ArgumentException($"{path} lacks \"entities\" or \"facts\"");
            return new FactWorld(document.Seed, document.Entities, document.Facts);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a world file: {e.Message}", e);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("world: ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path}: {e.Message["world: ".Length..]}", e);
        }
    }

    private sealed record Document(int Seed, IReadOnlyList<Entity> Entities, IReadOnlyList<Fact> Facts, IReadOnlyList<Relation>? Relations);
}
