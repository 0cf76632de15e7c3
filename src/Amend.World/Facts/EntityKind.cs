namespace Amend.World.Facts;

/// <summary>The types of things the synthetic world holds.</summary>
public enum EntityKind
{
    /// <summary>A person: born somewhere, citizen of a country, works for a company, plays an instrument.</summary>
    Person,

    /// <summary>A city, located in one country.</summary>
    City,

    /// <summary>A country, with a capital city and an official language.</summary>
    Country,

    /// <summary>A company, headquartered in a city and founded by a person.</summary>
    Company,

    /// <summary>A language.</summary>
    Language,

    /// <summary>A musical instrument.</summary>
    Instrument,
}
