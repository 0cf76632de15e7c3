namespace Amend.World.Facts;

/// <summary>How many subjects may share one object.</summary>
public enum Cardinality
{
    /// <summary>Each object belongs to at most one subject (capital of, founded by): the inverse is a function too.</summary>
    OneToOne,

    /// <summary>Many subjects share an object (born in, official language): the inverse is one-to-many.</summary>
    ManyToOne,
}
