namespace Amend.World.Tests.Generation;

public sealed class WorldGeneratorTests
{
    [Fact]
    public void SameSeed_GivesTheSameWorld()
    {
        // Given / When
        var first = WorldGenerator.Generate(3);
        var second = WorldGenerator.Generate(3);

        // Then
        Assert.Equal(first.Entities.Select(e => e.Name), second.Entities.Select(e => e.Name));
        Assert.Equal(first.AllFacts, second.AllFacts);
    }

    [Fact]
    public void MoreCountriesThanOneSyllableNames_StillGetsAWorld_OfDistinctNames()
    {
        // Given a world of 10,000 countries: about half of country names are drawn with one syllable, of which there
        // are fewer than 5,000 (generation used to draw for ever once they were used up)
        var sizes = new WorldSizes(People: 3, Countries: 10_000, CitiesPerCountry: 2, Companies: 2, Languages: 2, Instruments: 2);

        // When
        var world = WorldGenerator.Generate(1, sizes);

        // Then
        Assert.Equal(10_000, world.OfKind(EntityKind.Country).Count());
        Assert.Equal(world.Entities.Count, world.Entities.Select(e => e.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentWorlds()
    {
        var first = WorldGenerator.Generate(3);
        var second = WorldGenerator.Generate(4);

        Assert.NotEqual(first.Entities.Select(e => e.Name), second.Entities.Select(e => e.Name));
    }

    [Fact]
    public void DefaultWorld_HasAFewHundredEntitiesOfEveryKind_WithAliases()
    {
        var world = WorldGenerator.Generate(1);

        Assert.InRange(world.Entities.Count, 150, 400);
        Assert.All(Enum.GetValues<EntityKind>(), kind => Assert.NotEmpty(world.OfKind(kind)));
        Assert.All(world.OfKind(EntityKind.Person), p => Assert.NotEmpty(p.Aliases));
        Assert.All(world.OfKind(EntityKind.Company), c => Assert.NotEmpty(c.Aliases));
        Assert.Equal(world.Entities.Count, world.Entities.Select(e => e.Name).Concat(world.Entities.SelectMany(e => e.Aliases)).Distinct().Count() - world.Entities.Sum(e => e.Aliases.Count));
    }

    [Fact]
    public void InverseRelations_FollowTheStoredOnes_AndMoveWithAnEdit()
    {
        // Given
        var world = WorldGenerator.Generate(1);
        var country = world.OfKind(EntityKind.Country).First();
        string capital = world.Object(country.Name, "capital")!;
        string other = world.OfKind(EntityKind.City).Select(c => c.Name).First(c => world.Object(c, "capital_of") is null);

        // When
        var edited = world.WithFact(country.Name, "capital", other);

        // Then
        Assert.Equal(country.Name, world.Object(capital, "capital_of"));
        Assert.Equal(country.Name, edited.Object(other, "capital_of"));
        Assert.Null(edited.Object(capital, "capital_of"));
    }

    [Fact]
    public void SavedWorld_LoadsBackEqual()
    {
        var world = WorldGenerator.Generate(5, WorldSizes.Tiny);
        string path = Path.Combine(Path.GetTempPath(), $"amend-world-{Guid.NewGuid():N}.json");

        WorldFile.Save(world, path);
        var loaded = WorldFile.Load(path);
        File.Delete(path);

        Assert.Equal(world.Seed, loaded.Seed);
        Assert.Equal(world.AllFacts, loaded.AllFacts);
        Assert.Equal(world.Entities.SelectMany(e => e.Aliases), loaded.Entities.SelectMany(e => e.Aliases));
    }
}
