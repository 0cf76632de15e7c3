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
    public void Corpus_HasEveryTrainedSentence_AndNoHeldOutPrompt()
    {
        // Given
        var world = WorldGenerator.Generate(1);

        // When
        var corpus = CorpusBuilder.Sentences(world);
        var text = string.Join("\n", corpus);

        // Then
        foreach (var fact in world.AllFacts)
        {
            var relation = RelationCatalog.Get(fact.Relation);
            Assert.Contains(relation.Canonical.Sentence(fact.Subject, fact.Object), corpus);
            foreach (var template in relation.HeldOutTemplates) Assert.DoesNotContain(template.Prompt(fact.Subject), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Corpus_DefinesEachAlias()
    {
        var world = WorldGenerator.Generate(1, WorldSizes.Tiny);

        var corpus = CorpusBuilder.Sentences(world);

        Assert.All(world.Entities.Where(e => e.Aliases.Count > 0), e => Assert.Contains($"{e.Name} is also known as {e.Aliases[0]}.", corpus));
    }
}
