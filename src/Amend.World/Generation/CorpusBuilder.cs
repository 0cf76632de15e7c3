using Amend.World.Facts;

namespace Amend.World.Generation;

/// <summary>
/// The training text of a world: every fact (stored and derived) in each trained template, alias
/// definitions both ways, and each fact of an aliased subject once more with the alias as subject (the
/// template rotating across facts, so most alias/template pairs stay unseen). Held-out templates never appear.
/// </summary>
public static class CorpusBuilder
{
    /// <summary>The corpus as one sentence per entry, in a fixed order (the trainer shuffles).</summary>
    public static IReadOnlyList<string> Sentences(FactWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var sentences = new List<string>();
        int index = 0;
        foreach (var fact in world.AllFacts)
        {
            var relation = RelationCatalog.Get(fact.Relation);
            var trained = relation.TrainedTemplates.ToList();
            sentences.AddRange(trained.Select(t => t.Sentence(fact.Subject, fact.Object)));
            foreach (string alias in world.Entity(fact.Subject).Aliases)
            {
                sentences.Add(trained[index % trained.Count].Sentence(alias, fact.Object));
            }

            index++;
        }

        foreach (var entity in world.Entities)
        {
            foreach (string alias in entity.Aliases)
            {
                sentences.Add($"{entity.Name} is also known as {alias}.");
                sentences.Add($"{alias} is another name for {entity.Name}.");
            }
        }

        return sentences;
    }
}
