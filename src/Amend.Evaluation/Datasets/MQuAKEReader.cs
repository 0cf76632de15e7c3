using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// MQuAKE: each case writes several facts (requested_rewrite is a list, each a ROME-style rewrite) and asks
/// multi-hop questions whose answer changes to new_answer (aliases accepted) once all of them hold.
/// </summary>
public sealed class MQuAKEReader : IDatasetReader
{
    /// <inheritdoc/>
    public string Format => DatasetFormats.MQuAKE;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) => RecordList.FirstHas(root, "requested_rewrite", "questions", "new_answer");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source) =>
        new("MQuAKE", Format, source.Path, [.. RecordList.Of(root, source.Path).Select(Case)]);

    private static BenchmarkCase Case(JsonRecord r)
    {
        var answers = new List<string> { r.String("new_answer") };
        answers.AddRange(r.OptionalStrings("new_answer_alias"));
        IReadOnlyList<Probe> multiHop = [.. r.Strings("questions").Select(q => new Probe(q, answers))];
        var rewrites = r.Objects("requested_rewrite");
        if (rewrites.Count == 0) throw r.Error("requested_rewrite", "holds no rewrite");
        var requests = rewrites.Select((w, i) => new EditRequest
        {
            Prompt = w.String("prompt"),
            Subject = w.String("subject"),
            TargetNew = w.Object("target_new").String("str"),
            GroundTruth = w.Object("target_true").String("str"),
            // The multi-hop questions test all rewrites together; they are attached to the first request only
            // so that a case reports them once.
            Portability = i == 0 ? new Dictionary<string, IReadOnlyList<Probe>> { [DatasetProbeKinds.MultiHop] = multiHop } : new Dictionary<string, IReadOnlyList<Probe>>(),
        }).ToList();
        return new BenchmarkCase(r.Index, r.Id(), requests);
    }
}
