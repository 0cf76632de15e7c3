using Amend.Editing;
using Amend.Models.Generation;

namespace Amend.Cli.Commands;

/// <summary>The questions the demo asks before and after the edit, one per kind, and how an answer is read.</summary>
internal static class DemoProbes
{
    public static IReadOnlyList<DemoProbe> From(EditRequest request)
    {
        var probes = new List<DemoProbe> { new("edited prompt", request.FilledPrompt, request.TargetNew, true) };
        probes.AddRange(request.RephrasePrompts.Take(1).Select(p => new DemoProbe("paraphrase", p, request.TargetNew, true)));
        probes.AddRange(Kind(request.Portability, ProbeKinds.SubjectAliasing, "alias", changes: true));
        probes.AddRange(Kind(request.Portability, ProbeKinds.Reasoning, "multi-hop", changes: true));
        probes.AddRange(Kind(request.Locality, ProbeKinds.RelationSpecificity, "same subject, other fact", changes: false, take: 1));
        probes.AddRange(Kind(request.Locality, "Unrelated", "unrelated fact", changes: false, take: 1));
        return probes;
    }

    /// <summary>The model's greedy answer after the prompt, up to the end of the phrase.</summary>
    public static string Answer(EditableModel model, string prompt)
    {
        var generated = new TextGenerator(model.Model, model.Tokenizer).Generate(prompt, new GenerationOptions { MaxNewTokens = 8 }).Text ?? string.Empty;
        int end = generated.IndexOfAny(['.', '\n', '?']);
        return (end < 0 ? generated : generated[..end]).Trim();
    }

    /// <summary>Whether a greedy answer names the expected one ("the city of Goa" answers "Goa"), ignoring case.</summary>
    public static bool Matches(string answer, string expected) =>
        $" {answer} ".Contains($" {expected} ", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<DemoProbe> Kind(IReadOnlyDictionary<string, IReadOnlyList<Probe>> groups, string kind, string label, bool changes, int take = 2) =>
        groups.TryGetValue(kind, out var probes) ? probes.Take(take).Select(p => new DemoProbe(label, p.Prompt, p.Answer, changes)) : [];
}
