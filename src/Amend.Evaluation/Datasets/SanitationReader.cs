using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// KnowEdit's Sanitation (TriviaQA): an object with the questions to forget ("success", or "K_F" in the train
/// file; target "I don't know.") and the retain set ("locality", or "K_R"). Prompts use EasyEdit's template
/// "Question:{}\nAnswer:". The retain questions are spread over the cases (question j goes to case j mod n), so
/// a full run asks each exactly once. A question without a "subject" field is its own subject.
/// </summary>
public sealed class SanitationReader : IDatasetReader
{
    private const string Template = "Question:{0}\nAnswer:";

    /// <inheritdoc/>
    public string Format => DatasetFormats.Sanitation;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && ((root.TryGetProperty("success", out _) && root.TryGetProperty("locality", out _)) || (root.TryGetProperty("K_F", out _) && root.TryGetProperty("K_R", out _)));

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source)
    {
        if (!Recognizes(root)) throw new DatasetFormatException(source.Path, "expected an object with \"success\" and \"locality\" (or \"K_F\" and \"K_R\") lists");
        // The test split's pair when it is whole, else the train split's: a file may carry keys of both.
        bool test = root.TryGetProperty("success", out _) && root.TryGetProperty("locality", out _);
        var forget = List(root, test ? "success" : "K_F", source.Path);
        var retain = List(root, test ? "locality" : "K_R", source.Path);
        var cases = forget.Select(r => Case(r, retain.Where(q => q.Index % forget.Count == r.Index).ToList())).ToList();
        return new BenchmarkDataset("Sanitation", Format, source.Path, cases);
    }

    private static BenchmarkCase Case(JsonRecord r, IReadOnlyList<JsonRecord> retain)
    {
        string question = r.String("question");
        if (string.IsNullOrWhiteSpace(question)) throw r.Error("question", "is empty");
        string prompt = Prompt(question);
        var retainProbes = retain.Select(q => new Probe(Prompt(q.String("question")), q.RequiredAnswers("ground_truth"))).ToList();
        var request = new EditRequest
        {
            Prompt = prompt,
            Subject = Subject(r, question),
            TargetNew = r.String("target_new"),
            GroundTruth = r.OptionalString("ground_truth"),
            Locality = retainProbes.Count > 0 ? new Dictionary<string, IReadOnlyList<Probe>> { [DatasetProbeKinds.Retain] = retainProbes } : new Dictionary<string, IReadOnlyList<Probe>>(),
        };
        return new BenchmarkCase(r.Index, r.Id(), [request], new SanitationExtras(request.TargetNew, [.. retainProbes.Select(p => p.Prompt)]));
    }

    // A given subject must be a non-empty part of the question; a wrong one is the data's error, not a cue to use the whole question.
    private static string Subject(JsonRecord r, string question) => r.OptionalString("subject") switch
    {
        null => question,
        var s when string.IsNullOrWhiteSpace(s) => throw r.Error("subject", "is empty; leave it out to make the whole question the subject"),
        var s when !question.Contains(s, StringComparison.Ordinal) => throw r.Error("subject", $"\"{s}\" does not occur in the question"),
        var s => s,
    };

    private static string Prompt(string question) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, question);

    private static IReadOnlyList<JsonRecord> List(JsonElement root, string field, string file)
    {
        var list = root.GetProperty(field);
        if (list.ValueKind != JsonValueKind.Array) throw new DatasetFormatException(file, $"\"{field}\" must be a list of records");
        return [.. list.EnumerateArray().Select((item, i) => new JsonRecord(item, file, i, field))];
    }
}
