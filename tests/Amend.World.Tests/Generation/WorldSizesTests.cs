using Amend.World.Benchmark;

namespace Amend.World.Tests.Generation;

public sealed class WorldSizesTests
{
    [Theory]
    [InlineData(10, 3, 1, 3, 2, 2, "at least 2")]
    [InlineData(10, 3, 2, 3, 2, 1, "at least 2")]
    [InlineData(10, 1, 2, 3, 1, 2, "at least 2")]
    [InlineData(3, 3, 2, 3, 2, 2, "3 companies need more than 3 people")]
    [InlineData(10, 3, 2, 3, 4, 2, "4 languages > 3 countries")]
    [InlineData(600_000, 3, 2, 3, 2, 2, "more than 100000 entities")]
    public void Validate_RefusesSizesTheGeneratorOrTheBenchmarkCannotMeet(int people, int countries, int cities, int companies, int languages, int instruments, string expected)
    {
        var sizes = new WorldSizes(people, countries, cities, companies, languages, instruments);

        var error = Assert.Throws<ArgumentOutOfRangeException>(sizes.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsTheSmallestWorldThatCanBeBenchmarked()
    {
        var sizes = new WorldSizes(People: 3, Countries: 2, CitiesPerCountry: 2, Companies: 2, Languages: 2, Instruments: 2);

        sizes.Validate();
        var records = BenchmarkBuilder.Build(WorldGenerator.Generate(1, sizes), count: 40, seed: 1);

        Assert.NotEmpty(records);
    }
}
