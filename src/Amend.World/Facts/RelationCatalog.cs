namespace Amend.World.Facts;

/// <summary>
/// The relations of the world and their English templates. Each relation has four trained templates (three
/// statements and one ZsRE-like question) and two held-out ones (a statement and a question), so paraphrase
/// recall is measured on wordings the model never saw for that relation.
/// </summary>
public static class RelationCatalog
{
    /// <summary>Every relation, stored ones first, then the derived inverses.</summary>
    public static IReadOnlyList<Relation> All { get; } =
    [
        Stored("born_in", EntityKind.Person, EntityKind.City, Cardinality.ManyToOne,
            ["{} was born in", "The birthplace of {} is", "{} was born in the city of", "Q: Where was {} born? A:"],
            ["{} comes from the city of", "Q: In which city was {} born? A:"]),
        Stored("citizen_of", EntityKind.Person, EntityKind.Country, Cardinality.ManyToOne,
            ["{} is a citizen of", "The country of citizenship of {} is", "{} holds a passport of", "Q: Which country is {} a citizen of? A:"],
            ["{} has the citizenship of", "Q: What is the nationality of {}? A:"]),
        Stored("works_for", EntityKind.Person, EntityKind.Company, Cardinality.ManyToOne,
            ["{} works for", "The employer of {} is", "{} is employed by", "Q: Who does {} work for? A:"],
            ["{} has a job at", "Q: Which company employs {}? A:"]),
        Stored("plays", EntityKind.Person, EntityKind.Instrument, Cardinality.ManyToOne,
            ["{} plays the", "The instrument played by {} is the", "{} is a musician who plays the", "Q: What instrument does {} play? A: the"],
            ["{} performs on the", "Q: Which instrument is played by {}? A: the"]),
        Stored("located_in", EntityKind.City, EntityKind.Country, Cardinality.ManyToOne,
            ["{} is a city in", "{} is located in", "The country of {} is", "Q: In which country is {}? A:"],
            ["{} lies in", "Q: Where is the city of {}? A:"]),
        Stored("capital", EntityKind.Country, EntityKind.City, Cardinality.OneToOne,
            ["The capital of {} is", "The capital city of {} is", "{} is governed from its capital", "Q: What is the capital of {}? A:"],
            ["The seat of government of {} is", "Q: Which city is the capital of {}? A:"]),
        Stored("official_language", EntityKind.Country, EntityKind.Language, Cardinality.ManyToOne,
            ["The official language of {} is", "In {}, people speak", "The language spoken in {} is", "Q: What is the official language of {}? A:"],
            ["Most people in {} speak", "Q: Which language is spoken in {}? A:"]),
        Stored("headquartered_in", EntityKind.Company, EntityKind.City, Cardinality.ManyToOne,
            ["{} is headquartered in", "The headquarters of {} are in", "{} has its head office in", "Q: Where is {} headquartered? A:"],
            ["{} is based in", "Q: In which city is the head office of {}? A:"]),
        Stored("founded_by", EntityKind.Company, EntityKind.Person, Cardinality.OneToOne,
            ["{} was founded by", "The founder of {} is", "{} was started by", "Q: Who founded {}? A:"],
            ["{} was established by", "Q: Who is the founder of {}? A:"]),
        Derived("capital_of", "capital", EntityKind.City, EntityKind.Country,
            ["{} is the capital of", "{} is the capital city of", "The city of {} is the capital of", "Q: Which country has {} as its capital? A:"],
            ["{} is the seat of government of", "Q: {} is the capital of which country? A:"]),
        Derived("founder_of", "founded_by", EntityKind.Person, EntityKind.Company,
            ["{} is the founder of", "{} founded", "{} started the company", "Q: Which company did {} found? A:"],
            ["{} established", "Q: What company was founded by {}? A:"]),
    ];

    /// <summary>The relation called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such relation (the message lists them).</exception>
    public static Relation Get(string name) => All.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"no relation \"{name}\" (relations: {string.Join(", ", All.Select(r => r.Name))})");

    private static Relation Stored(string name, EntityKind subject, EntityKind obj, Cardinality cardinality, string[] trained, string[] heldOut) =>
        new(name, subject, obj, cardinality, Templates(trained, heldOut));

    private static Relation Derived(string name, string inverseOf, EntityKind subject, EntityKind obj, string[] trained, string[] heldOut) =>
        new(name, subject, obj, Cardinality.OneToOne, Templates(trained, heldOut), inverseOf);

    private static RelationTemplate[] Templates(string[] trained, string[] heldOut) =>
    [
        .. trained.Select(t => new RelationTemplate(t, HeldOut: false, IsQuestion: t.StartsWith("Q:", StringComparison.Ordinal))),
        .. heldOut.Select(t => new RelationTemplate(t, HeldOut: true, IsQuestion: t.StartsWith("Q:", StringComparison.Ordinal))),
    ];
}
