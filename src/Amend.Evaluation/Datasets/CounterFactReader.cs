using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// EasyEdit's CounterFact splits (counterfact-train/edit/val.json): one rewrite prompt, one rephrase and one
/// neighbourhood prompt per case, mapped as EasyEdit's CounterFactDataset does.
/// </summary>
public sealed class CounterFactReader : IDatasetReader
{
    /// <inheritdoc/>
    public string Format => DatasetFormats.CounterFact;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) => RecordList.FirstHas(root, "prompt", "target_new", "locality_prompt");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source) =>
        new("CounterFact", Format, source.Path, [.. RecordList.Of(root, source.Path).Select(Case)]);

    private static BenchmarkCase Case(JsonRecord r)
    {
        var request = new EditRequest
        {
            Prompt = r.String("prompt"),
            Subject = r.String("subject"),
            TargetNew = r.String("target_new"),
            GroundTruth = r.OptionalString("ground_truth"),
            RephrasePrompts = r.OptionalStrings("rephrase_prompt"),
            Locality = new Dictionary<string, IReadOnlyList<Probe>>
            {
                [ProbeKinds.Neighborhood] = [new Probe(r.String("locality_prompt"), r.RequiredAnswers("locality_ground_truth"))],
            },
        };
        return new BenchmarkCase(r.Index, r.Id(), [request]);
    }
}
