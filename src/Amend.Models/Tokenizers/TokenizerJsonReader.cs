namespace Amend.Models.Tokenizers;

/// <summary>Reads a Hugging Face tokenizer.json whose model is BPE, plus the config files beside it.</summary>
internal static class TokenizerJsonReader
{
    public const string FileName = "tokenizer.json";

    public static BpeTokenizer Read(string path)
    {
        var config = TokenizerConfig.Read(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var document = JsonField.ParseFile(path);
        var root = JsonField.Root(document, path);
        var model = root.Get("model");
        RequireBpe(model);

        var vocab = Vocab(model.Get("vocab"));
        List<AddedToken> added = root.TryGet("added_tokens") is JsonField list
            ? [.. list.Items().Select(t => AddedTokenJson.Read(t, t.Get("id").AsTokenId()))]
            : [];
        string prefix = model.OptionalString("continuing_subword_prefix") ?? "";
        var options = new BpeOptions(
            SpecialTokenLookup.Find(model.OptionalString("unk_token"), vocab, added, path, "model.unk_token"),
            model.OptionalBool("fuse_unk", false),
            model.OptionalBool("byte_fallback", false),
            model.OptionalBool("ignore_merges", false),
            prefix,
            model.OptionalString("end_of_word_suffix") ?? "");
        var bpe = new BpeModel(vocab, Merges(model.Get("merges"), vocab, prefix), options);

        var template = PostProcessorJsonReader.Read(root.TryGet("post_processor"));
        int? padId = root.TryGet("padding")?.TryGet("pad_id")?.AsNonNegativeInt();
        RequireKnownIds(path, vocab, added, template, padId);
        int? Find(string? token, string field) => SpecialTokenLookup.Find(token, vocab, added, config.Source, field);
        var special = new SpecialTokenIds(
            Find(config.Bos, "bos_token") ?? SpecialTokenLookup.Single(template.Prefix),
            Find(config.Eos, "eos_token") ?? SpecialTokenLookup.Single(template.Suffix),
            Find(config.Pad, "pad_token") ?? padId,
            Find(config.Unk, "unk_token") ?? options.UnkId);
        template = ClassTemplate(config, special) ?? template;

        return new BpeTokenizer(new BpePipeline(
            bpe,
            added,
            PipelineJsonReader.Normalizer(root.TryGet("normalizer")),
            ClassPreTokenizer(config, PipelineJsonReader.PreTokenizer(root.TryGet("pre_tokenizer"))),
            PipelineJsonReader.Decoder(root.TryGet("decoder")),
            template,
            special,
            config.CleanUpTokenizationSpaces ?? false));
    }

    /// <summary>
    /// transformers' LlamaTokenizerFast, CodeLlamaTokenizerFast, GemmaTokenizerFast and GPTNeoXTokenizerFast replace
    /// tokenizer.json's post-processor in their constructor with one built from add_bos_token and add_eos_token (BOS
    /// on by default for the first three, both off for GPT-NeoX), so AutoTokenizer adds what those flags say. Null
    /// for every other class, which keeps tokenizer.json's.
    /// </summary>
    private static SpecialTokenTemplate? ClassTemplate(TokenizerConfig config, SpecialTokenIds special)
    {
        bool? bosByDefault = ClassName(config) switch
        {
            "LlamaTokenizer" or "CodeLlamaTokenizer" or "GemmaTokenizer" => true,
            "GPTNeoXTokenizer" => false,
            _ => null,
        };
        return bosByDefault is bool bos
            ? SpecialTokenTemplate.FromFlags(config.AddBosToken ?? bos, config.AddEosToken ?? false, special.Bos, special.Eos, config.Source)
            : null;
    }

    /// <summary>
    /// transformers' GPT2TokenizerFast, GPTNeoXTokenizerFast and CodeGenTokenizerFast set a top-level ByteLevel
    /// pre-tokenizer's add_prefix_space to tokenizer_config.json's (false when absent) in their constructor.
    /// </summary>
    private static IPreTokenizer? ClassPreTokenizer(TokenizerConfig config, IPreTokenizer? preTokenizer) =>
        preTokenizer is ByteLevelPreTokenizer byteLevel && ClassName(config) is "GPT2Tokenizer" or "GPTNeoXTokenizer" or "CodeGenTokenizer"
            ? byteLevel.WithAddPrefixSpace(config.AddPrefixSpace)
            : preTokenizer;

    // tokenizer_class without "Fast": AutoTokenizer loads the fast class for either name when tokenizer.json is there.
    private static string? ClassName(TokenizerConfig config) =>
        config.TokenizerClass is { } c && c.EndsWith("Fast", StringComparison.Ordinal) ? c[..^4] : config.TokenizerClass;

    /// <summary>
    /// The post-processor's and padding's ids must name tokens: an unknown one would be added to every encoding, then
    /// refused by <c>Decode</c> or read past the model's embedding.
    /// </summary>
    private static void RequireKnownIds(string path, Dictionary<string, int> vocab, List<AddedToken> added, SpecialTokenTemplate template, int? padId)
    {
        int size = BpeTokenizer.IdCount(vocab, added);
        var ids = template.Prefix.Concat(template.Suffix).Select(id => (Field: "post_processor", Id: id));
        if (padId is int pad) ids = ids.Append(("padding.pad_id", pad));
        foreach (var (field, id) in ids)
        {
            if (id >= size) throw new TokenizerFormatException(path, $"{field} names token id {id}, but the vocabulary's ids end at {size - 1}");
        }
    }

    /// <summary>Older files omit model.type; Hugging Face then recognises BPE by its merges.</summary>
    private static void RequireBpe(JsonField model)
    {
        string type = model.OptionalString("type")
            ?? (model.TryGet("merges") is not null ? "BPE" : throw model.Error("model.type is missing"));
        if (type != "BPE") throw model.Unsupported(type, "BPE");
        if (model.TryGet("dropout") is JsonField dropout && dropout.AsDouble() != 0)
        {
            throw dropout.Error($"model.dropout {dropout.AsDouble()} is not supported: BPE-dropout randomises training-time tokenization, set it to null");
        }
    }

    /// <summary>A token → id object (tokenizer.json's model.vocab, or a vocab.json): ids capped and each used once.</summary>
    internal static Dictionary<string, int> Vocab(JsonField vocab)
    {
        var result = new Dictionary<string, int>(vocab.Element.ValueKind == System.Text.Json.JsonValueKind.Object ? vocab.Element.GetPropertyCount() : 0);
        var tokens = new Dictionary<int, string>(result.Capacity);
        foreach (var (token, id) in vocab.Properties())
        {
            int value = id.AsTokenId();

            // Two tokens on one id would encode different texts alike and decode one of them as the other.
            if (!tokens.TryAdd(value, token)) throw id.Error($"{id.Where}: id {value} is also the id of \"{tokens[value]}\"");
            result[token] = value;
        }

        return result;
    }

    /// <summary>Merges as "a b" strings (classic) or ["a", "b"] pairs (tokenizers ≥ 0.20); the rank is the position.</summary>
    private static MergeRules Merges(JsonField merges, Dictionary<string, int> vocab, string prefix)
    {
        var rules = new MergeRules();
        int rank = 0;
        foreach (var item in merges.Items())
        {
            (string left, string right) = item.Element.ValueKind == System.Text.Json.JsonValueKind.String
                ? SplitMerge(item)
                : PairMerge(item);
            rules.AddRanked(vocab, left, right, rank++, prefix, problem => item.Error($"{item.Where}: {problem}"));
        }

        return rules;
    }

    private static (string, string) SplitMerge(JsonField item)
    {
        string text = item.AsString();
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? (text[..space], text[(space + 1)..]) : throw item.Error($"{item.Where} \"{text}\" must be two tokens separated by a space");
    }

    private static (string, string) PairMerge(JsonField item)
    {
        var parts = item.Items().ToList();
        return parts.Count == 2 ? (parts[0].AsString(), parts[1].AsString()) : throw item.Error($"{item.Where} must be a string \"a b\" or a pair [\"a\", \"b\"]");
    }
}
