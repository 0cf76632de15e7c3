namespace Amend.World.Facts;

/// <summary>
/// The relations of the world and their English templates. Each relation has three wordings of its own (a
/// statement, a ZsRE-like question and a lexical paraphrase) and five wordings built from shared frames around a
/// noun phrase that names the answer ("the birthplace of {}"). Of the frames, one statement and one question are
/// held out per relation, rotating so that every frame is trained with most relations: paraphrase recall then
/// measures whether the model recombines a wording it learned elsewhere with a relation it learned in other
/// wordings, which a model trained only on this corpus can do, rather than whether it knows English synonyms
/// it never saw.
/// </summary>
public static class RelationCatalog
{
    // Declared before All, which is built from them.
    /// <summary>Statement frames around a relation's noun phrase ({np}).</summary>
    public static IReadOnlyList<string> StatementFrames { get; } = ["{NP} is", "It is known that {np} is", "In short, {np} is"];

    /// <summary>Question frames around a relation's noun phrase ({np}).</summary>
    public static IReadOnlyList<string> QuestionFrames { get; } = ["Q: What is {np}? A:", "Q: Tell me {np}. A:"];

    /// <summary>Every relation, stored ones first, then the derived inverses.</summary>
    public static IReadOnlyList<Relation> All { get; } = Build(
    [
        Stored("born_in", EntityKind.Person, EntityKind.City, Cardinality.ManyToOne, "the birthplace of {}",
            ["{} was born in", "Q: Where was {} born? A:", "{} comes from the city of"]),
        Stored("citizen_of", EntityKind.Person, EntityKind.Country, Cardinality.ManyToOne, "the country of citizenship of {}",
            ["{} is a citizen of", "Q: Which country is {} a citizen of? A:", "{} has the citizenship of"]),
        Stored("works_for", EntityKind.Person, EntityKind.Company, Cardinality.ManyToOne, "the employer of {}",
            ["{} works for", "Q: Who does {} work for? A:", "{} has a job at"]),
        Stored("plays", EntityKind.Person, EntityKind.Instrument, Cardinality.ManyToOne, "the instrument played by {}",
            ["{} plays the", "Q: What instrument does {} play? A: the", "{} performs on the"], article: " the"),
        Stored("located_in", EntityKind.City, EntityKind.Country, Cardinality.ManyToOne, "the country of {}",
            ["{} is a city in", "Q: In which country is {}? A:", "{} lies in"]),
        Stored("capital", EntityKind.Country, EntityKind.City, Cardinality.OneToOne, "the capital of {}",
            ["The capital city of {} is", "Q: Which city is the capital of {}? A:", "The seat of government of {} is"]),
        Stored("official_language", EntityKind.Country, EntityKind.Language, Cardinality.ManyToOne, "the official language of {}",
            ["In {}, people speak", "Q: Which language is spoken in {}? A:", "Most people in {} speak"]),
        Stored("headquartered_in", EntityKind.Company, EntityKind.City, Cardinality.ManyToOne, "the headquarters city of {}",
            ["{} is headquartered in", "Q: Where is {} headquartered? A:", "{} is based in"]),
        Stored("founded_by", EntityKind.Company, EntityKind.Person, Cardinality.OneToOne, "the founder of {}",
            ["{} was founded by", "Q: Who founded {}? A:", "{} was established by"]),
        Derived("capital_of", "capital", EntityKind.City, EntityKind.Country, "the country whose capital is {}",
            ["{} is the capital of", "Q: {} is the capital of which country? A:", "{} is the seat of government of"]),
        Derived("founder_of", "founded_by", EntityKind.Person, EntityKind.Company, "the company founded by {}",
            ["{} is the founder of", "Q: Which company did {} found? A:", "{} established"]),
    ]);

    /// <summary>The relation names, for messages: "born_in, citizen_of, …".</summary>
    public static string Names => string.Join(", ", All.Select(r => r.Name));

    /// <summary>The relation called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such relation (the message lists them).</exception>
    public static Relation Get(string name) => Find(name) ?? throw new KeyNotFoundException($"no relation \"{name}\" (relations: {Names})");

    /// <summary>The relation called <paramref name="name"/>, or null when there is none.</summary>
    public static Relation? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    private sealed record Spec(string Name, EntityKind Subject, EntityKind Object, Cardinality Cardinality, string NounPhrase, string[] Own, string Article, string? InverseOf);

    private static Spec Stored(string name, EntityKind subject, EntityKind obj, Cardinality cardinality, string nounPhrase, string[] own, string article = "") =>
        new(name, subject, obj, cardinality, nounPhrase, own, article, null);

    private static Spec Derived(string name, string inverseOf, EntityKind subject, EntityKind obj, string nounPhrase, string[] own) =>
        new(name, subject, obj, Cardinality.OneToOne, nounPhrase, own, "", inverseOf);

    // The i-th relation holds out statement frame i mod 3 and question frame i mod 2.
    private static Relation[] Build(Spec[] specs) =>
        [.. specs.Select((s, i) => new Relation(s.Name, s.Subject, s.Object, s.Cardinality, Templates(s, i), s.InverseOf))];

    private static RelationTemplate[] Templates(Spec spec, int index)
    {
        var own = spec.Own.Select(t => new RelationTemplate(t, IsQuestion: IsQuestion(t)));
        var statements = StatementFrames.Select((f, j) => Framed(spec, f, heldOut: j == index % StatementFrames.Count));
        var questions = QuestionFrames.Select((f, j) => Framed(spec, f, heldOut: j == index % QuestionFrames.Count));
        return [.. own, .. statements, .. questions];
    }

    private static RelationTemplate Framed(Spec spec, string frame, bool heldOut)
    {
        string np = spec.NounPhrase;
        string text = frame.Replace("{NP}", char.ToUpperInvariant(np[0]) + np[1..], StringComparison.Ordinal).Replace("{np}", np, StringComparison.Ordinal) + spec.Article;
        return new RelationTemplate(text, heldOut, IsQuestion(text), frame);
    }

    private static bool IsQuestion(string text) => text.StartsWith("Q:", StringComparison.Ordinal);
}
