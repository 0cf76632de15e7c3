namespace Amend.World.Facts;

/// <summary>One thing in the world: its unique canonical name, its kind, and the other names it goes by.</summary>
/// <param name="Name">Canonical name, unique across the world (the key facts use).</param>
/// <param name="Kind">What sort of thing it is.</param>
/// <param name="Aliases">Other names (nickname, short form, formal name); may be empty.</param>
public sealed record Entity(string Name, EntityKind Kind, IReadOnlyList<string> Aliases);
