using Amend.World.Facts;

namespace Amend.World.Generation;

/// <summary>
/// Generates a <see cref="FactWorld"/> from a seed: the same seed and sizes always give the same world.
/// Countries own their cities (the first is the capital) and one official language; people are born in a
/// city and are citizens of that city's country four times in five, otherwise of a country drawn uniformly (which
/// may again be that one: with the default 8 countries a person is a citizen of their birth country with
/// probability 4/5 + 1/5·1/8 = 0.825); each company has its own founder.
/// </summary>
public static class WorldGenerator
{
    private static readonly string[] s_cityEndings = ["", "", "ton", "mar", "holm", "dale"];
    private static readonly string[] s_countryEndings = ["ia", "land", "ora", "istan"];
    private static readonly string[] s_languageEndings = ["ish", "ese", "ic", "an"];
    private static readonly string[] s_companySuffixes = ["Systems", "Industries", "Works", "Labs", "Group", "Motors"];

    /// <summary>Generates the world for <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are inconsistent (see <see cref="WorldSizes.Validate"/>).</exception>
    public static FactWorld Generate(int seed, WorldSizes? sizes = null)
    {
        sizes ??= WorldSizes.Default;
        sizes.Validate();
        var random = new Random(seed);
        var names = new SyllableNames(random);
        var entities = new List<Entity>();
        var facts = new List<Fact>();
        Entity Add(string name, EntityKind kind, params string[] aliases)
        {
            var e = new Entity(name, kind, aliases);
            entities.Add(e);
            return e;
        }

        var languages = Enumerable.Range(0, sizes.Languages).Select(_ => Add(names.Word(2, names.Pick(s_languageEndings)), EntityKind.Language)).ToList();
        var instruments = Enumerable.Range(0, sizes.Instruments).Select(_ => Add(names.Word(2).ToLowerInvariant(), EntityKind.Instrument)).ToList();
        var cities = new List<Entity>();
        // cities[i] lies in countryOfCity[i]: a person's birth country is read here, not searched for among the facts.
        var countryOfCity = new List<string>();
        var countries = new List<Entity>();
        for (int c = 0; c < sizes.Countries; c++)
        {
            string country = names.Word(random.Next(1, 3), names.Pick(s_countryEndings));
            countries.Add(Add(country, EntityKind.Country, $"Republic of {country}"));
            facts.Add(new Fact(country, "official_language", (c < languages.Count ? languages[c] : languages[random.Next(languages.Count)]).Name));
            for (int i = 0; i < sizes.CitiesPerCountry; i++)
            {
                var city = Add(names.Word(2, names.Pick(s_cityEndings)), EntityKind.City);
                cities.Add(city);
                countryOfCity.Add(country);
                facts.Add(new Fact(city.Name, "located_in", country));
                if (i == 0) facts.Add(new Fact(country, "capital", city.Name));
            }
        }

        var people = Enumerable.Range(0, sizes.People).Select(_ => AddPerson(names, Add)).ToList();
        foreach (var person in people)
        {
            int birthCity = random.Next(cities.Count);
            string home = countryOfCity[birthCity];
            facts.Add(new Fact(person.Name, "born_in", cities[birthCity].Name));
            facts.Add(new Fact(person.Name, "citizen_of", random.Next(5) == 0 ? countries[random.Next(countries.Count)].Name : home));
            facts.Add(new Fact(person.Name, "plays", instruments[random.Next(instruments.Count)].Name));
        }

        AddCompanies(sizes, random, names, Add, facts, cities, people);
        return new FactWorld(seed, entities, facts);
    }

    private static Entity AddPerson(SyllableNames names, Func<string, EntityKind, string[], Entity> add)
    {
        string first = names.Word(2), last = names.Word(2);
        return add($"{first} {last}", EntityKind.Person, [$"{first[0]}. {last}"]);
    }

    private static void AddCompanies(WorldSizes sizes, Random random, SyllableNames names, Func<string, EntityKind, string[], Entity> add, List<Fact> facts, List<Entity> cities, List<Entity> people)
    {
        var founders = people.OrderBy(_ => random.Next()).Take(sizes.Companies).ToList();
        var companies = founders.Select(_ =>
        {
            string stem = names.Word(2);
            return add($"{stem} {names.Pick(s_companySuffixes)}", EntityKind.Company, [stem]);
        }).ToList();
        for (int i = 0; i < companies.Count; i++)
        {
            facts.Add(new Fact(companies[i].Name, "headquartered_in", cities[random.Next(cities.Count)].Name));
            facts.Add(new Fact(companies[i].Name, "founded_by", founders[i].Name));
        }

        foreach (var person in people) facts.Add(new Fact(person.Name, "works_for", companies[random.Next(companies.Count)].Name));
    }
}
