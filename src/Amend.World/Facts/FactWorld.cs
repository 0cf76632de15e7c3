namespace Amend.World.Facts;

/// <summary>
/// The synthetic world: entities and the stored facts between them. Derived (inverse) relations such as
/// capital_of are computed from the stored ones, so an edit of a stored fact moves its inverse with it.
/// Immutable: <see cref="WithFact"/> returns the edited world.
/// </summary>
public sealed class FactWorld
{
    private readonly Dictionary<string, Entity> _entities;
    private readonly Dictionary<(string Subject, string Relation), string> _objects;
    private readonly Dictionary<string, int> _order = new(StringComparer.Ordinal);

    /// <summary>Builds a world; every stored relation must be a function of its subject.</summary>
    /// <exception cref="ArgumentException">A name is repeated, a fact names an unknown entity, an unknown or derived relation, or a subject has
    /// two objects for one relation, or two subjects one object of a one-to-one relation.</exception>
    public FactWorld(int seed, IReadOnlyList<Entity> entities, IReadOnlyList<Fact> facts)
    {
        Seed = seed;
        Entities = entities;
        Facts = facts;
        _entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var e in entities)
        {
            if (!_entities.TryAdd(e.Name, e)) throw new ArgumentException($"world: entity name \"{e.Name}\" is used twice", nameof(entities));
            _order[e.Name] = _order.Count;
        }

        _objects = [];
        var oneToOneSubjects = new Dictionary<(string Relation, string Object), string>();
        foreach (var f in facts) AddStored(f, oneToOneSubjects);
        foreach (var f in facts.Where(f => RelationCatalog.All.Any(r => r.InverseOf == f.Relation)))
        {
            var inverse = RelationCatalog.All.First(r => r.InverseOf == f.Relation);
            _objects[(f.Object, inverse.Name)] = f.Subject;
        }
    }

    /// <summary>The seed the world was generated from.</summary>
    public int Seed { get; }

    /// <summary>Every entity.</summary>
    public IReadOnlyList<Entity> Entities { get; }

    /// <summary>The stored facts (no derived inverses).</summary>
    public IReadOnlyList<Fact> Facts { get; }

    /// <summary>Stored facts followed by the derived inverse facts (capital_of, founder_of).</summary>
    public IEnumerable<Fact> AllFacts => _objects.Select(p => new Fact(p.Key.Subject, p.Key.Relation, p.Value))
        .OrderBy(f => RelationIndex(f.Relation)).ThenBy(f => EntityIndex(f.Subject));

    /// <summary>The entity called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such entity.</exception>
    public Entity Entity(string name) => _entities.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"world: no entity \"{name}\"");

    /// <summary>Entities of one kind, in world order.</summary>
    public IEnumerable<Entity> OfKind(EntityKind kind) => Entities.Where(e => e.Kind == kind);

    /// <summary>The object of (subject, relation), stored or derived, or null when the subject has none.</summary>
    public string? Object(string subject, string relation) => _objects.TryGetValue((subject, relation), out var o) ? o : null;

    /// <summary>Every fact (stored or derived) whose subject is <paramref name="subject"/>.</summary>
    public IEnumerable<Fact> FactsAbout(string subject) => AllFacts.Where(f => f.Subject == subject);

    /// <summary>
    /// The world after setting (subject, relation) to <paramref name="newObject"/>. For a one-to-one relation
    /// the object's previous subject loses it (swapping objects keeps the relation one-to-one).
    /// </summary>
    /// <exception cref="ArgumentException">The relation is derived (edit the stored one), or the object has the wrong kind.</exception>
    public FactWorld WithFact(string subject, string relation, string newObject)
    {
        var r = RelationCatalog.Get(relation);
        if (r.InverseOf is not null) throw new ArgumentException($"world: \"{relation}\" is derived from \"{r.InverseOf}\"; edit that relation instead", nameof(relation));
        if (Entity(newObject).Kind != r.ObjectKind) throw new ArgumentException($"world: {relation} needs a {r.ObjectKind} object, \"{newObject}\" is a {Entity(newObject).Kind}", nameof(newObject));
        string? old = Object(subject, relation);
        var facts = Facts.Select(f =>
            f.Subject == subject && f.Relation == relation ? f with { Object = newObject }
            : r.Cardinality == Cardinality.OneToOne && f.Relation == relation && f.Object == newObject && old is not null ? f with { Object = old }
            : f).ToList();
        if (old is null) facts.Add(new Fact(subject, relation, newObject));
        return new FactWorld(Seed, Entities, facts);
    }

    // oneToOneSubjects: the subject already holding each object of a one-to-one relation, while the world is built.
    private void AddStored(Fact f, Dictionary<(string Relation, string Object), string> oneToOneSubjects)
    {
        var r = RelationCatalog.Find(f.Relation) ?? throw new ArgumentException($"world: fact {f} uses no known relation (relations: {RelationCatalog.Names})", nameof(f));
        if (r.InverseOf is not null) throw new ArgumentException($"world: fact {f} uses the derived relation \"{f.Relation}\"; store \"{r.InverseOf}\" instead", nameof(f));
        var (subject, obj) = (Known(f, f.Subject), Known(f, f.Object));
        if (subject.Kind != r.SubjectKind || obj.Kind != r.ObjectKind)
        {
            throw new ArgumentException($"world: fact {f} joins a {subject.Kind} to a {obj.Kind}; {f.Relation} joins {r.SubjectKind} to {r.ObjectKind}", nameof(f));
        }

        if (!_objects.TryAdd((f.Subject, f.Relation), f.Object)) throw new ArgumentException($"world: \"{f.Subject}\" has two objects for {f.Relation}", nameof(f));
        if (r.Cardinality == Cardinality.OneToOne && !oneToOneSubjects.TryAdd((f.Relation, f.Object), f.Subject))
        {
            throw new ArgumentException($"world: {f.Relation} is one-to-one, but \"{oneToOneSubjects[(f.Relation, f.Object)]}\" and \"{f.Subject}\" both have \"{f.Object}\"", nameof(f));
        }
    }

    private Entity Known(Fact f, string name) => _entities.TryGetValue(name, out var e) ? e : throw new ArgumentException($"world: fact {f} names no entity of the world (\"{name}\")", nameof(f));

    private static int RelationIndex(string relation) => RelationCatalog.All.ToList().FindIndex(r => r.Name == relation);

    private int EntityIndex(string name) => _order[name];
}
