namespace Amend.Models.Tokenizers;

/// <summary>Reads a tokenizer.json post_processor into the special tokens it adds around one sequence.</summary>
internal static class PostProcessorJsonReader
{
    private const string Supported = "ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing, Sequence";

    public static SpecialTokenTemplate Read(JsonField? field)
    {
        if (field is not JsonField f) return SpecialTokenTemplate.None;
        string type = f.Get("type").AsString();
        return type switch
        {
            "ByteLevel" => SpecialTokenTemplate.None, // only adjusts offsets
            "TemplateProcessing" => Template(f),
            "RobertaProcessing" or "BertProcessing" => new([TokenPairId(f.Get("cls"))], [TokenPairId(f.Get("sep"))]),
            // Each processor wraps what the ones before it produced.
            "Sequence" => f.Get("processors").Items().Aggregate(SpecialTokenTemplate.None, (inner, p) => Read(p).Around(inner)),
            _ => throw f.Unsupported(type, Supported),
        };
    }

    /// <summary>
    /// The "single" template, e.g. <c>[{"SpecialToken": {"id": "&lt;s&gt;"}}, {"Sequence": {"id": "A"}}]</c>,
    /// with each special token's ids taken from <c>special_tokens</c>.
    /// </summary>
    private static SpecialTokenTemplate Template(JsonField f)
    {
        var specialTokens = f.Get("special_tokens");
        var prefix = new List<int>();
        var suffix = new List<int>();
        bool seenSequence = false;
        foreach (var item in f.Get("single").Items())
        {
            if (item.TryGet("Sequence") is not null)
            {
                seenSequence = seenSequence
                    ? throw item.Error($"{item.Where}: a single-sequence template names the sequence twice")
                    : true;
                continue;
            }

            var special = item.TryGet("SpecialToken") ?? throw item.Error($"{item.Where} must be {{\"SpecialToken\": ...}} or {{\"Sequence\": ...}}");
            string name = special.Get("id").AsString();
            var entry = specialTokens.TryGet(name) ?? throw special.Error($"{special.Where}.id \"{name}\" is not in {specialTokens.Where}");
            (seenSequence ? suffix : prefix).AddRange(entry.Get("ids").Items().Select(id => id.AsNonNegativeInt()));
        }

        return new SpecialTokenTemplate([.. prefix], [.. suffix]);
    }

    /// <summary>A <c>["&lt;s&gt;", 0]</c> pair's id.</summary>
    private static int TokenPairId(JsonField pair)
    {
        var items = pair.Items().ToList();
        return items.Count == 2 ? items[1].AsNonNegativeInt() : throw pair.Error($"{pair.Where} must be [token, id]");
    }
}
