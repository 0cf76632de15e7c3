namespace Amend.World.Benchmark;

/// <summary>
/// Multi-hop prompts per edited relation: the answer is reached from the (edited) object by following
/// <see cref="Hops"/> in the edited world, e.g. born_in then located_in then official_language.
/// </summary>
/// <param name="Template">Prompt with "{}" for the edited subject.</param>
/// <param name="Hops">Relations followed from the edited object, in order.</param>
public sealed record ReasoningChain(string Template, IReadOnlyList<string> Hops)
{
    /// <summary>The chains that start from each stored relation (none for plays and official_language).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ReasoningChain>> ByRelation { get; } = new Dictionary<string, IReadOnlyList<ReasoningChain>>
    {
        ["born_in"] = [new("{} was born in a city in", ["located_in"]), new("The official language of the country where {} was born is", ["located_in", "official_language"])],
        ["citizen_of"] = [new("The capital of the country {} is a citizen of is", ["capital"]), new("The official language of the country {} is a citizen of is", ["official_language"])],
        ["works_for"] = [new("The company {} works for is headquartered in", ["headquartered_in"]), new("The company {} works for was founded by", ["founded_by"])],
        ["located_in"] = [new("The capital of the country where {} is located is", ["capital"]), new("The official language of the country where {} is located is", ["official_language"])],
        ["capital"] = [new("The capital of {} is a city in", ["located_in"])],
        ["headquartered_in"] = [new("The headquarters of {} are in a city in", ["located_in"])],
        ["founded_by"] = [new("The founder of {} was born in", ["born_in"]), new("The founder of {} works for", ["works_for"])],
    };
}
