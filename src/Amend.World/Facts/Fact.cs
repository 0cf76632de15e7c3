namespace Amend.World.Facts;

/// <summary>A (subject, relation, object) triple, all by canonical name.</summary>
/// <param name="Subject">Canonical name of the subject entity.</param>
/// <param name="Relation">Relation name from <see cref="RelationCatalog"/>, e.g. "born_in".</param>
/// <param name="Object">Canonical name of the object entity.</param>
public sealed record Fact(string Subject, string Relation, string Object);
