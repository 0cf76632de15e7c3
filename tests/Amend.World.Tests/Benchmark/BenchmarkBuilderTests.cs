using System.Text.Json;
using Amend.World.Benchmark;

namespace Amend.World.Tests.Benchmark;

public sealed class BenchmarkBuilderTests
{
    private static readonly FactWorld s_world = WorldGenerator.Generate(1);
    private static readonly IReadOnlyList<KnowEditRecord> s_records = BenchmarkBuilder.Build(s_world, 100, seed: 1);

    [Fact]
    public void EverySubjectIsEditedOnce_BeforeAnyIsEditedTwice()
    {
        int subjects = s_world.Facts.Select(f => f.Subject).Distinct().Count();
        var records = BenchmarkBuilder.Build(s_world, subjects + 20, seed: 1);

        Assert.Equal(subjects, records.Take(subjects).Select(r => r.Subject).Distinct().Count());
        Assert.Equal(subjects + 20, records.Select(r => (r.Subject, r.Prompt)).Distinct().Count());
    }

    [Fact]
    public void Records_UseKnowEditFieldNames()
    {
        // Given
        var record = s_records.First(r => r.Portability.ContainsKey("Reasoning"));

        // When
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(record));

        // Then
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["subject", "prompt", "target_new", "ground_truth", "rephrase", "portability", "locality"], names);
        var probe = json.RootElement.GetProperty("portability").GetProperty("Reasoning")[0];
        Assert.Equal(["prompt", "ground_truth"], probe.EnumerateObject().Select(p => p.Name));
        Assert.True(json.RootElement.GetProperty("locality").TryGetProperty("Relation_Specificity", out _));
    }

    [Fact]
    public void BirthplaceEdits_ReasonThroughTheNewCity_WhereItsCountryDiffers()
    {
        var edits = s_records.Where(r => RelationOf(r) == "born_in").ToList();

        Assert.Contains(edits, r => CountryOf(r.TargetNew) != CountryOf(r.GroundTruth));
        Assert.Contains(edits, r => CountryOf(r.TargetNew) == CountryOf(r.GroundTruth));
        foreach (var r in edits)
        {
            // Recomputed from the stored facts: the new city's country, then that country's language.
            string country = CountryOf(r.TargetNew);
            string language = LanguageOf(country);
            if (country == CountryOf(r.GroundTruth))
            {
                // A move within the country changes no reasoning answer: a model that ignored the edit would pass them.
                Assert.False(r.Portability.ContainsKey("Reasoning"), r.Prompt);
                continue;
            }

            bool asksLanguage = r.Portability["Reasoning"].Any(p => p.Prompt.StartsWith("The official language of the country where", StringComparison.Ordinal) && p.GroundTruth == language);
            Assert.Equal(language != LanguageOf(CountryOf(r.GroundTruth)), asksLanguage);
            Assert.Contains(r.Portability["Reasoning"], p => p.GroundTruth == country);
        }
    }

    [Fact]
    public void EveryReasoningProbe_HasAnAnswerTheEditChanged()
    {
        // Given every chain's answer followed from the old object in the unedited world
        var probes = s_records.SelectMany(r => r.Portability.GetValueOrDefault("Reasoning", []).Select(p => (Record: r, Probe: p))).ToList();

        Assert.NotEmpty(probes);
        Assert.All(probes, x =>
        {
            var chain = ReasoningChain.ByRelation[RelationOf(x.Record)].Single(c => c.Template.Replace("{}", x.Record.Subject, StringComparison.Ordinal) == x.Probe.Prompt);
            string? before = chain.Hops.Aggregate((string?)x.Record.GroundTruth, (at, hop) => at is null ? null : s_world.Object(at, hop));
            Assert.NotEqual(before, x.Probe.GroundTruth);
        });
    }

    private static string LanguageOf(string country) => s_world.Facts.Single(f => f.Subject == country && f.Relation == "official_language").Object;

    private static string CountryOf(string city) => s_world.Facts.Single(f => f.Subject == city && f.Relation == "located_in").Object;

    [Fact]
    public void Aliases_AskThePromptThroughEachAliasOfTheSubject_ForTheNewObject_AndUnrelatedFactsAvoidTheSubject()
    {
        Assert.Contains(s_records, r => r.Portability.ContainsKey("Subject_Aliasing"));
        Assert.All(s_records, r =>
        {
            Assert.NotEqual(r.GroundTruth, r.TargetNew);

            // Recomputed from the world: the record's own prompt with the subject's name swapped for each of its aliases.
            var aliasing = r.Portability.GetValueOrDefault("Subject_Aliasing") ?? [];
            var expected = s_world.Entity(r.Subject).Aliases.Select(a => r.Prompt.Replace(r.Subject, a, StringComparison.Ordinal));
            Assert.Equal(expected, aliasing.Select(p => p.Prompt));
            Assert.All(aliasing, p => Assert.NotEqual(r.Prompt, p.Prompt));
            Assert.All(aliasing, p => Assert.Equal(r.TargetNew, p.GroundTruth));
            Assert.All(r.Locality["Unrelated"], p => Assert.DoesNotContain(r.Subject, p.Prompt, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void OneToOneEdits_InvertToTheSubject()
    {
        var edits = s_records.Where(r => RelationOf(r) is "capital" or "founded_by").ToList();

        Assert.NotEmpty(edits);
        Assert.All(edits, r => Assert.Equal(r.Subject, Assert.Single(r.Portability["Logical_Generalization"]).GroundTruth));
    }

    [Fact]
    public void RelationSpecificity_AnswersAreTheSubjectsOtherFacts()
    {
        foreach (var r in s_records)
        {
            string relation = RelationOf(r);
            var expected = s_world.FactsAbout(r.Subject).Where(f => f.Relation != relation)
                .Select(f => (RelationCatalog.Get(f.Relation).Canonical.Prompt(f.Subject), f.Object));
            Assert.Equal(expected, (r.Locality.GetValueOrDefault("Relation_Specificity") ?? []).Select(p => (p.Prompt, p.GroundTruth)));
        }
    }

    private static string RelationOf(KnowEditRecord r) =>
        RelationCatalog.All.First(rel => rel.InverseOf is null && rel.Canonical.Prompt(r.Subject) == r.Prompt).Name;
}
