using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// ROME's CounterFact records: requested_rewrite ("{}" template, subject, target_new.str, target_true.str),
/// paraphrase prompts (generalisation), neighbourhood prompts (locality, answer target_true), attribute and
/// generation prompts (kept as <see cref="CounterFactExtras"/>). EasyEdit's additions are read when present:
/// portability ("New Question"/"New Answer"), alternative_subject (subject aliasing) and
/// distracting_neighborhood_prompts.
/// </summary>
public sealed class RomeCounterFactReader : IDatasetReader
{
    /// <inheritdoc/>
    public string Format => DatasetFormats.RomeCounterFact;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) => RecordList.FirstHas(root, "requested_rewrite", "paraphrase_prompts");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source) =>
        new("CounterFact", Format, source.Path, [.. RecordList.Of(root, source.Path).Select(Case)]);

    private static BenchmarkCase Case(JsonRecord r)
    {
        var rewrite = r.Object("requested_rewrite");
        string template = rewrite.String("prompt"), subject = rewrite.String("subject");
        string targetNew = rewrite.Object("target_new").String("str"), targetTrue = rewrite.Object("target_true").String("str");
        var locality = new Dictionary<string, IReadOnlyList<Probe>>
        {
            [ProbeKinds.Neighborhood] = [.. r.Strings("neighborhood_prompts").Select(p => new Probe(p, targetTrue))],
        };
        if (r.Has("distracting_neighborhood_prompts")) locality[DatasetProbeKinds.DistractingNeighborhood] = [.. r.Strings("distracting_neighborhood_prompts").Select(p => new Probe(p, targetTrue))];
        var request = new EditRequest
        {
            Prompt = template,
            Subject = subject,
            TargetNew = targetNew,
            GroundTruth = targetTrue,
            RephrasePrompts = r.Strings("paraphrase_prompts"),
            Portability = Portability(r, template, targetNew),
            Locality = locality,
        };
        var extras = new CounterFactExtras(r.OptionalStrings("attribute_prompts"), r.OptionalStrings("generation_prompts"));
        return new BenchmarkCase(r.Index, r.Id(), [request], extras);
    }

    private static Dictionary<string, IReadOnlyList<Probe>> Portability(JsonRecord r, string template, string targetNew)
    {
        var portability = new Dictionary<string, IReadOnlyList<Probe>>();
        if (r.Has("portability"))
        {
            var p = r.Object("portability");
            portability[DatasetProbeKinds.OneHop] = [new Probe(p.String("New Question"), p.RequiredAnswers("New Answer"))];
        }

        if (r.Has("alternative_subject"))
        {
            string alias = r.String("alternative_subject");
            portability[ProbeKinds.SubjectAliasing] = [new Probe(template.Replace("{}", alias, StringComparison.Ordinal), targetNew)];
        }

        return portability;
    }
}
