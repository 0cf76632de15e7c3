using Amend.World.Facts;

namespace Amend.World.Evaluation;

/// <summary>The probe sets of recall evaluation, built from every fact of a world (stored and derived).</summary>
public static class RecallProbes
{
    /// <summary>Each fact in each trained template.</summary>
    public static IReadOnlyList<RecallProbe> Facts(FactWorld world) =>
        [.. Each(world, (f, r) => r.TrainedTemplates.Select(t => new RecallProbe(t.Prompt(f.Subject), f.Object)))];

    /// <summary>Each fact in each held-out template (never in the corpus).</summary>
    public static IReadOnlyList<RecallProbe> Paraphrases(FactWorld world) =>
        [.. Each(world, (f, r) => r.HeldOutTemplates.Select(t => new RecallProbe(t.Prompt(f.Subject), f.Object)))];

    /// <summary>Each fact of an aliased subject in each trained template, with every alias as subject.</summary>
    public static IReadOnlyList<RecallProbe> Aliases(FactWorld world) =>
        [.. Each(world, (f, r) => world.Entity(f.Subject).Aliases.SelectMany(a => r.TrainedTemplates.Select(t => new RecallProbe(t.Prompt(a), f.Object))))];

    private static IEnumerable<RecallProbe> Each(FactWorld world, Func<Fact, Relation, IEnumerable<RecallProbe>> probes)
    {
        ArgumentNullException.ThrowIfNull(world);
        return world.AllFacts.SelectMany(f => probes(f, RelationCatalog.Get(f.Relation)));
    }
}
