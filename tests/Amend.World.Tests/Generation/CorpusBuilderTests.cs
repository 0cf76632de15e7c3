namespace Amend.World.Tests.Generation;

public sealed class CorpusBuilderTests
{
    [Fact]
    public void EveryRelation_HasAtLeastFiveTemplates_SomeHeldOut_AndAQuestion()
    {
        Assert.All(RelationCatalog.All, r =>
        {
            Assert.True(r.Templates.Count >= 5, r.Name);
            Assert.NotEmpty(r.HeldOutTemplates);
            Assert.Contains(r.Templates, t => t.IsQuestion);
        });
    }

    [Fact]
    public void EachHeldOutWording_IsAFrameTrainedWithOtherRelations_OneStatementAndOneQuestion()
    {
        foreach (var relation in RelationCatalog.All)
        {
            var heldOut = relation.HeldOutTemplates.ToList();
            Assert.Equal(2, heldOut.Count);
            Assert.Single(heldOut, t => t.IsQuestion);
            foreach (var template in heldOut)
            {
                Assert.NotNull(template.Frame);
                Assert.Contains(RelationCatalog.All, other => other != relation && other.TrainedTemplates.Any(t => t.Frame == template.Frame));
            }
        }
    }

    [Fact]
    public void Corpus_HasEveryFactInEveryTrainedTemplate_AndNoHeldOutPrompt()
    {
        // Given
        var world = WorldGenerator.Generate(1);

        // When
        var corpus = CorpusBuilder.Sentences(world);
        var sentences = corpus.ToHashSet(StringComparer.Ordinal);
        var text = string.Join("\n", corpus);

        // Then every trained wording of every fact is there, not only the canonical one
        foreach (var fact in world.AllFacts)
        {
            var relation = RelationCatalog.Get(fact.Relation);
            Assert.All(relation.TrainedTemplates, t => Assert.Contains(t.Sentence(fact.Subject, fact.Object), sentences));
            foreach (var template in relation.HeldOutTemplates) Assert.DoesNotContain(template.Prompt(fact.Subject), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Corpus_StatesEachFactOnceThroughEachAlias_RotatingOverEveryTrainedTemplate()
    {
        // Given
        var world = WorldGenerator.Generate(1);
        var sentences = CorpusBuilder.Sentences(world).ToHashSet(StringComparer.Ordinal);
        var used = new Dictionary<string, HashSet<string>>();

        // When each fact of an aliased subject is looked up with the alias as subject
        foreach (var fact in world.AllFacts)
        {
            foreach (string alias in world.Entity(fact.Subject).Aliases)
            {
                var relation = RelationCatalog.Get(fact.Relation);
                var template = Assert.Single(relation.TrainedTemplates, t => sentences.Contains(t.Sentence(alias, fact.Object)));
                used.TryAdd(relation.Name, []);
                used[relation.Name].Add(template.Text);
            }
        }

        // Then it is stated once, and over a relation's facts the wording rotates through all its trained templates
        Assert.NotEmpty(used);
        Assert.All(used, pair => Assert.Equal(RelationCatalog.Get(pair.Key).TrainedTemplates.Select(t => t.Text).Order(StringComparer.Ordinal), pair.Value.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Corpus_DefinesEachAlias_BothWays()
    {
        var world = WorldGenerator.Generate(1, WorldSizes.Tiny);

        var corpus = CorpusBuilder.Sentences(world);

        var aliased = world.Entities.Where(e => e.Aliases.Count > 0).ToList();
        Assert.NotEmpty(aliased);
        Assert.All(aliased.SelectMany(e => e.Aliases.Select(a => (e.Name, Alias: a))), p =>
        {
            Assert.Contains($"{p.Name} is also known as {p.Alias}.", corpus);
            Assert.Contains($"{p.Alias} is another name for {p.Name}.", corpus);
        });
    }
}
