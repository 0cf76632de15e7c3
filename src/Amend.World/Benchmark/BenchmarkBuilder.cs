using Amend.World.Facts;

namespace Amend.World.Benchmark;

/// <summary>
/// Builds counterfactual edit requests from a world. Each picks a stored fact and a new object of the right
/// kind, edits the world, and reads every probe's answer from the EDITED world: aliases keep the new object,
/// reasoning chains follow the new object, the inverse of a one-to-one relation points back to the subject,
/// and the subject's other facts, the old and new objects' own facts and unrelated facts keep their answers.
/// </summary>
public static class BenchmarkBuilder
{
    /// <summary>
    /// Up to <paramref name="count"/> records (one per distinct stored fact), chosen with <paramref name="seed"/>.
    /// Every subject is edited once before any is edited twice, so a batch of the first N (up to the number of
    /// subjects) never asks a key-value method to write two values under one subject's key.
    /// </summary>
    public static IReadOnlyList<KnowEditRecord> Build(FactWorld world, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(world);
        var random = new Random(seed);
        var facts = world.Facts.ToArray();
        random.Shuffle(facts);

        // A fact's turn is how many facts of its subject come before it in the shuffle; the stable sort by turn keeps
        // the shuffled order within a turn. Counted as we go, not by rescanning the facts before each one.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var turns = new int[facts.Length];
        for (int i = 0; i < facts.Length; i++)
        {
            turns[i] = seen.GetValueOrDefault(facts[i].Subject);
            seen[facts[i].Subject] = turns[i] + 1;
        }

        var bySubjectTurn = facts.Select((f, i) => (Fact: f, Turn: turns[i])).OrderBy(x => x.Turn).Select(x => x.Fact);
        return [.. bySubjectTurn.Take(count).Select(f => Record(world, f, NewObject(world, f, random), random))];
    }

    /// <summary>The record for changing <paramref name="fact"/>'s object to <paramref name="newObject"/>.</summary>
    public static KnowEditRecord Record(FactWorld world, Fact fact, string newObject, Random random)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(fact);
        var relation = RelationCatalog.Get(fact.Relation);
        var edited = world.WithFact(fact.Subject, fact.Relation, newObject);
        var portability = new Dictionary<string, IReadOnlyList<KnowEditProbe>>
        {
            ["Subject_Aliasing"] = [.. world.Entity(fact.Subject).Aliases.Select(a => new KnowEditProbe(relation.Canonical.Prompt(a), newObject))],
            ["Reasoning"] = [.. Reasoning(world, edited, fact, newObject)],
            ["Logical_Generalization"] = [.. Inverse(fact.Relation, fact.Subject, newObject)],
        };
        var locality = new Dictionary<string, IReadOnlyList<KnowEditProbe>>
        {
            ["Relation_Specificity"] = [.. edited.FactsAbout(fact.Subject).Where(f => f.Relation != fact.Relation).Select(Canonical)],
            ["Forgetfulness"] = [.. new[] { fact.Object, newObject }.SelectMany(o => edited.FactsAbout(o).Where(f => !Touches(f, fact)).Take(2)).Select(Canonical)],
            ["Unrelated"] = [.. Unrelated(edited, fact, newObject, random)],
        };
        return new KnowEditRecord(
            fact.Subject, relation.Canonical.Prompt(fact.Subject), newObject, fact.Object, relation.HeldOutTemplates.First().Prompt(fact.Subject),
            portability.Where(p => p.Value.Count > 0).ToDictionary(), locality.Where(p => p.Value.Count > 0).ToDictionary());
    }

    // A new object of the right kind; for one-to-one relations one that is still free, so the edit moves nothing else.
    private static string NewObject(FactWorld world, Fact fact, Random random)
    {
        var relation = RelationCatalog.Get(fact.Relation);
        var taken = relation.Cardinality == Cardinality.OneToOne ? world.Facts.Where(f => f.Relation == fact.Relation).Select(f => f.Object).ToHashSet() : [fact.Object];
        var options = world.OfKind(relation.ObjectKind).Select(e => e.Name).Where(n => !taken.Contains(n)).ToList();
        if (options.Count == 0) throw new InvalidOperationException($"benchmark: no free {relation.ObjectKind} to replace \"{fact.Object}\" in {fact}");
        return options[random.Next(options.Count)];
    }

    // A chain whose answer the edit leaves as it was (a new birth city in the same country) tests nothing a model
    // that ignored the edit would fail, so it is not portability.
    private static IEnumerable<KnowEditProbe> Reasoning(FactWorld world, FactWorld edited, Fact fact, string newObject)
    {
        if (!ReasoningChain.ByRelation.TryGetValue(fact.Relation, out var chains)) yield break;
        foreach (var chain in chains)
        {
            string? answer = Follow(edited, newObject, chain.Hops);
            if (answer is not null && answer != Follow(world, fact.Object, chain.Hops))
            {
                yield return new KnowEditProbe(chain.Template.Replace("{}", fact.Subject, StringComparison.Ordinal), answer);
            }
        }
    }

    private static string? Follow(FactWorld world, string start, IReadOnlyList<string> hops)
    {
        string? at = start;
        foreach (string hop in hops) at = at is null ? null : world.Object(at, hop);
        return at;
    }

    private static IEnumerable<KnowEditProbe> Inverse(string relation, string subject, string newObject) =>
        RelationCatalog.All.Where(r => r.InverseOf == relation).Select(r => new KnowEditProbe(r.Canonical.Prompt(newObject), subject));

    private static IEnumerable<KnowEditProbe> Unrelated(FactWorld edited, Fact fact, string newObject, Random random)
    {
        var others = edited.Facts.Where(f => f.Subject != fact.Subject && f.Subject != fact.Object && f.Subject != newObject && !Touches(f, fact) && f.Object != newObject).ToList();
        for (int i = 0; i < 3 && others.Count > 0; i++)
        {
            int pick = random.Next(others.Count);
            yield return Canonical(others[pick]);
            others.RemoveAt(pick);
        }
    }

    // Facts whose answer mentions the edited subject are not locality: the edit may legitimately change them.
    private static bool Touches(Fact f, Fact edit) => f.Object == edit.Subject || f.Subject == edit.Subject;

    private static KnowEditProbe Canonical(Fact f) => new(RelationCatalog.Get(f.Relation).Canonical.Prompt(f.Subject), f.Object);
}
