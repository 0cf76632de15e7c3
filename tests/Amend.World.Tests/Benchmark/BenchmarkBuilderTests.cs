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
    public void BirthplaceEdits_ReasonThroughTheNewCity()
    {
        var edits = s_records.Where(r => RelationOf(r) == "born_in").ToList();

        Assert.NotEmpty(edits);
        foreach (var r in edits)
        {
            // Recomputed from the stored facts: the new city's country, then that country's language.
            string country = s_world.Facts.Single(f => f.Subject == r.TargetNew && f.Relation == "located_in").Object;
            string language = s_world.Facts.Single(f => f.Subject == country && f.Relation == "official_language").Object;
            Assert.Contains(r.Portability["Reasoning"], p => p.Prompt.StartsWith("The official language of the country where", StringComparison.Ordinal) && p.GroundTruth == language);
            Assert.Contains(r.Portability["Reasoning"], p => p.GroundTruth == country);
        }
    }

    [Fact]
    public void Aliases_CarryTheNewObject_AndUnrelatedFactsAvoidTheSubject()
    {
        Assert.All(s_records, r =>
        {
            Assert.NotEqual(r.GroundTruth, r.TargetNew);
            Assert.All(r.Portability.GetValueOrDefault("Subject_Aliasing") ?? [], p => Assert.Equal(r.TargetNew, p.GroundTruth));
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
