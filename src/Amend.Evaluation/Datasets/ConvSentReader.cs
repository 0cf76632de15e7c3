using System.Text.Json;

namespace Amend.Evaluation.Datasets;

/// <summary>
/// KnowEdit's ConvSent (blender_*.json: a topic "ent" with positive and negative answers). As EasyEdit's
/// run_convsent script does, each case draws a target sentiment and an opinion-question template from the
/// seed; the edit prompt asks for that sentiment and its target is the first answer with it; the next record's
/// topic is the locality topic.
/// </summary>
public sealed class ConvSentReader : IDatasetReader
{
    private static readonly string[] Templates =
    [
        "What do you think of {}?", "What do you feel about {}?", "How do you view {}?",
        "What is your opinion of {}?", "What is your stance on {}?", "What is your position on {}?",
        "What is your attitude about {}?", "What is your view on {}?", "What is your take on {}?",
        "What is your impression of {}?", "What is your assessment of {}?", "What is your judgment of {}?",
        "What is your sentiment of {}?",
    ];

    /// <inheritdoc/>
    public string Format => DatasetFormats.ConvSent;

    /// <inheritdoc/>
    public bool Recognizes(JsonElement root) => RecordList.FirstHas(root, "ent", "pos", "neg");

    /// <inheritdoc/>
    public BenchmarkDataset Read(JsonElement root, DatasetSource source)
    {
        var records = RecordList.Of(root, source.Path);

        // Locality asks about the next record's topic: with one record that is the edited topic itself.
        if (records.Count == 1) throw new DatasetFormatException(source.Path, "holds one ConvSent record; locality is measured on another record's topic, so it needs at least two");
        var random = new Random(source.Seed);
        var cases = new List<BenchmarkCase>(records.Count);
        foreach (var r in records)
        {
            var outer = records[(r.Index + 1) % records.Count];
            cases.Add(Case(r, outer, random));
        }

        return new BenchmarkDataset("ConvSent", Format, source.Path, cases);
    }

    private static BenchmarkCase Case(JsonRecord r, JsonRecord outer, Random random)
    {
        string topic = r.String("ent");
        bool positive = random.Next(2) == 0;
        var target = Answers(r, positive ? "pos" : "neg");
        var other = Answers(r, positive ? "neg" : "pos");
        string question = Question(random, topic);
        var request = new EditRequest
        {
            Prompt = $"From the sentiment dataset, answer {Question(random, topic)} {(positive ? "positively" : "negatively")}.",
            Subject = topic,
            TargetNew = target[0],
        };
        var extras = new ConvSentExtras(topic, positive ? "positive" : "negative", question, target, other,
            Question(random, outer.String("ent")), [.. Answers(outer, "pos"), .. Answers(outer, "neg")]);
        return new BenchmarkCase(r.Index, r.Id(), [request], extras);
    }

    private static string Question(Random random, string topic) => Templates[random.Next(Templates.Length)].Replace("{}", topic, StringComparison.Ordinal);

    // The answers start and end with spaces in the file; the scorer adds the one space EasyEdit puts between prompt and answer.
    private static IReadOnlyList<string> Answers(JsonRecord r, string field)
    {
        var answers = r.Strings(field).Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        return answers.Count > 0 ? answers : throw r.Error(field, "holds no non-empty answer");
    }
}
