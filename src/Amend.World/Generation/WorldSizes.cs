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

    /// <summary>Total number of entities.</summary>
    public int Total => People + Countries * (CitiesPerCountry + 1) + Companies + Languages + Instruments;

    /// <summary>Throws unless every count is positive and the one-to-one constraints can be met.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, or there are more companies than people or more languages than countries.</exception>
    public void Validate()
    {
        int[] counts = [People, Countries, CitiesPerCountry, Companies, Languages, Instruments];
        if (counts.Any(c => c <= 0)) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"world sizes must all be positive, got {this}");
        if (Companies > People) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"each company needs its own founder: {Companies} companies > {People} people");
        if (Languages > Countries) throw new ArgumentOutOfRangeException(nameof(WorldSizes), $"each language needs a country: {Languages} languages > {Countries} countries");
    }
}
