namespace Amend.World.Facts;

/// <summary>A relation between two kinds of entity, with its English templates.</summary>
/// <param name="Name">Identifier, e.g. "born_in".</param>
/// <param name="SubjectKind">Kind of the subject.</param>
/// <param name="ObjectKind">Kind of the object.</param>
/// <param name="Cardinality">Whether subjects may share an object.</param>
/// <param name="Templates">At least five templates; some held out of training.</param>
/// <param name="InverseOf">For a derived relation, the stored relation it inverts (capital_of inverts capital); null for stored ones.</param>
public sealed record Relation(string Name, EntityKind SubjectKind, EntityKind ObjectKind, Cardinality Cardinality, IReadOnlyList<RelationTemplate> Templates, string? InverseOf = null)
{
    /// <summary>Templates written into the training corpus.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<RelationTemplate> TrainedTemplates => Templates.Where(t => !t.HeldOut);

    /// <summary>Templates kept out of training, to measure paraphrase generalisation.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<RelationTemplate> HeldOutTemplates => Templates.Where(t => t.HeldOut);

    /// <summary>The first trained template: the canonical prompt of an edit.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RelationTemplate Canonical => TrainedTemplates.First();
}
