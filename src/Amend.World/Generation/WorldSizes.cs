namespace Amend.World.Generation;

/// <summary>How many entities of each kind a generated world has.</summary>
/// <param name="People">People (each born in a city, citizen of a country, working for a company, playing an instrument).</param>
/// <param name="Countries">Countries (each with a capital and an official language).</param>
/// <param name="CitiesPerCountry">Cities located in each country, the first being its capital.</param>
/// <param name="Companies">Companies (each founded by a different person, so at most <paramref name="People"/>).</param>
/// <param name="Languages">Languages (at most <paramref name="Countries"/>, so that each is some country's).</param>
/// <param name="Instruments">Instruments.</param>
public sealed record WorldSizes(int People, int Countries, int CitiesPerCountry, int Companies, int Languages, int Instruments)
{
    /// <summary>The default world: 202 entities, 120 of them people.</summary>
    public static WorldSizes Default { get; } = new(People: 120, Countries: 8, CitiesPerCountry: 5, Companies: 20, Languages: 6, Instruments: 8);

    /// <summary>A world of a few dozen entities, for tests.</summary>
    public static WorldSizes Tiny { get; } = new(People: 10, Countries: 3, CitiesPerCountry: 2, Companies: 3, Languages: 2, Instruments: 2);

    /// <summary>Total number of entities (a long: sizes near int's range must not wrap before <see cref="Validate"/> sees them).</summary>
    public long Total => People + ((long)Countries * (CitiesPerCountry + 1L)) + Companies + Languages + Instruments;

    /// <summary>The most entities a world may have: generated names run out in the millions, and no model trained here needs more.</summary>
    public const int MaxTotal = 100_000;

    /// <summary>
    /// Throws unless the world can be built and benchmarked: the one-to-one relations can be met, and every fact has
    /// another object its edit can move it to (a second country, city per country, company, language and instrument,
    /// and a person who founded no company).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 2, there are not more people than companies or more languages than countries, or the world is larger than <see cref="MaxTotal"/>.</exception>
    public void Validate()
    {
        int[] counts = [People, Countries, CitiesPerCountry, Companies, Languages, Instruments];
        if (counts.Any(c => c < 2)) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"world sizes must all be at least 2, so that every fact has another object to be edited to; got {this}");
        if (Companies >= People) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"each company needs its own founder, and an edit of a founder a person who founded none: {Companies} companies need more than {People} people");
        if (Languages > Countries) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"each language needs a country: {Languages} languages > {Countries} countries");
        if (Total > MaxTotal)
        {
            throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"a world of more than {MaxTotal} entities is not generated (names would run out); got {this}");
        }
    }
}
