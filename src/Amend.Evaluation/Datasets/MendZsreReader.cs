using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// zsRE in MEND's record format (also ROME's zsre_mem_eval): src is the prompt, alt the new target,
/// answers[0] the old answer, rephrase the paraphrase, loc/loc_ans a Natural Questions locality probe, as
/// EasyEdit's ZsreDataset maps them. EasyEdit's portability additions are read when present: portability
/// ("New Question"/"New Answer"), alter_subject_question (subject aliasing, answer alt) and "inverse question"
/// (logical generalisation, answer the subject).
/// </summary>
public sealed class MendZsreReader : IDatasetReader
{
    /// <inheritdoc/>
    public string Format => DatasetFormats.MendZsre;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) => RecordList.FirstHas(root, "src", "alt", "answers");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source) =>
        new("ZsRE-MEND", Format, source.Path, [.. RecordList.Of(root, source.Path).Select(Case)]);

    private static BenchmarkCase Case(JsonRecord r)
    {
        var answers = r.Answers("answers");
        var locality = new Dictionary<string, IReadOnlyList<Probe>>();
        if (r.Has("loc")) locality[ProbeKinds.Neighborhood] = [new Probe(r.String("loc"), r.RequiredAnswers("loc_ans"))];
        var request = new EditRequest
        {
            Prompt = r.String("src"),
            Subject = r.String("subject"),
            TargetNew = r.String("alt"),
            GroundTruth = answers.Count > 0 ? answers[0] : null,
            RephrasePrompts = r.OptionalStrings("rephrase"),
            Portability = Portability(r),
            Locality = locality,
        };
        return new BenchmarkCase(r.Index, r.Id(), [request]);
    }

    private static Dictionary<string, IReadOnlyList<Probe>> Portability(JsonRecord r)
    {
        var portability = new Dictionary<string, IReadOnlyList<Probe>>();
        if (r.Has("portability"))
        {
            var p = r.Object("portability");
            portability[DatasetProbeKinds.OneHop] = [new Probe(p.String("New Question"), p.RequiredAnswers("New Answer"))];
        }

        if (r.Has("alter_subject_question")) portability[ProbeKinds.SubjectAliasing] = [new Probe(r.String("alter_subject_question"), r.String("alt"))];
        if (r.Has("inverse question")) portability[ProbeKinds.LogicalGeneralization] = [new Probe(r.String("inverse question"), r.String("subject"))];
        return portability;
    }
}
