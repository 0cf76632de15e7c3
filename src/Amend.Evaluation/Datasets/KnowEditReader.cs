using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// KnowEdit's fact sets: ZsRE (has rephrase_prompt), WikiData_counterfact (has ground_truth), WikiData_recent
/// (neither) and WikiBio (text/labels/concept). Field mapping follows EasyEdit's KnowEditDataset: WikiBio's
/// text is the prompt, labels the target and concept the subject.
/// </summary>
public sealed class KnowEditReader : IDatasetReader
{
    /// <inheritdoc/>
    public string Format => DatasetFormats.KnowEdit;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) =>
        (RecordList.FirstHas(root, "prompt", "subject", "target_new") && !RecordList.FirstHas(root, "case_id"))
        || RecordList.FirstHas(root, "text", "labels", "concept");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source)
    {
        var records = RecordList.Of(root, source.Path);
        var cases = records.Select(Case).ToList();
        return new BenchmarkDataset(Name(records), Format, source.Path, cases);
    }

    private static string Name(IReadOnlyList<JsonRecord> records)
    {
        if (records.Count == 0) return "KnowEdit";
        var first = records[0];
        if (first.Has("concept")) return "WikiBio";
        if (first.Has("rephrase_prompt")) return "ZsRE";
        return first.Has("ground_truth") ? "WikiData_counterfact" : "WikiData_recent";
    }

    private static BenchmarkCase Case(JsonRecord r)
    {
        bool wikiBio = r.Has("concept");
        var groundTruth = r.Has("ground_truth") ? r.Answers("ground_truth") : [];
        var request = new EditRequest
        {
            Prompt = r.String(wikiBio ? "text" : "prompt"),
            Subject = r.String(wikiBio ? "concept" : "subject"),
            TargetNew = r.String(wikiBio ? "labels" : "target_new"),
            GroundTruth = groundTruth.Count > 0 ? groundTruth[0] : null,
            RephrasePrompts = [.. r.OptionalStrings("rephrase_prompt"), .. r.OptionalStrings("rephrase")],
            Portability = RecordList.Probes(r, "portability"),
            Locality = RecordList.Probes(r, "locality"),
        };
        return new BenchmarkCase(r.Index, r.Id(), [request]);
    }
}
