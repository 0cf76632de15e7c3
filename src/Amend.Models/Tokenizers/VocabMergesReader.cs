namespace Amend.Models.Tokenizers;

/// <summary>
/// Reads a GPT-2-style folder without tokenizer.json: vocab.json + merges.txt, with tokenizer_config.json and
/// special_tokens_map.json for special tokens, as <c>transformers</c>' slow <c>GPT2Tokenizer</c> does.
/// </summary>
internal static class VocabMergesReader
{
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";

    public static BpeTokenizer Read(string vocabPath, string mergesPath)
    {
        var config = TokenizerConfig.Read(Path.GetDirectoryName(Path.GetFullPath(vocabPath))!);
        var vocab = Vocab(vocabPath);
        var rules = Merges(mergesPath, vocab);
        var added = new List<AddedToken>(config.AddedTokens);
        int? Find(string? token, string field) => SpecialTokenLookup.Find(token, vocab, added, config.Source, field);
        var special = new SpecialTokenIds(Find(config.Bos, "bos_token"), Find(config.Eos, "eos_token"), Find(config.Pad, "pad_token"), Find(config.Unk, "unk_token"));

        // The slow tokenizer splits its special tokens out of the text before BPE, like added tokens.
        foreach (string? token in new[] { config.Bos, config.Eos, config.Pad, config.Unk })
        {
            if (token is not null && added.All(a => a.Content != token)) added.Add(new AddedToken(vocab[token], token, true, false, false, false, false));
        }

        return new BpeTokenizer(new BpePipeline(
            new BpeModel(vocab, rules, new BpeOptions(special.Unk, false, false, false, "", "")),
            added,
            null,
            new ByteLevelPreTokenizer(config.AddPrefixSpace, useRegex: true),
            new ByteLevelDecoder(),
            Template(config, special),
            special,
            config.CleanUpTokenizationSpaces ?? false));
    }

    private static Dictionary<string, int> Vocab(string path)
    {
        using var document = JsonField.ParseFile(path);
        return TokenizerJsonReader.Vocab(JsonField.Root(document, path));
    }

    /// <summary>One "left right" merge per line, best first, after an optional "#version" header line.</summary>
    private static MergeRules Merges(string path, Dictionary<string, int> vocab)
    {
        var rules = new MergeRules();
        int rank = 0;
        int lineNumber = 0;
        foreach (string rawLine in File.ReadLines(path))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            int at = lineNumber;
            if (space <= 0) throw new TokenizerFormatException(path, $"line {at}: \"{line}\" must be two tokens separated by a space");
            rules.AddRanked(vocab, line[..space], line[(space + 1)..], rank++, "", problem => new TokenizerFormatException(path, $"line {at}: {problem} ({VocabFile})"));
        }

        return rules;
    }

    /// <summary>add_bos_token / add_eos_token (both off unless set, as GPT2Tokenizer): what a slow tokenizer adds when asked for special tokens.</summary>
    private static SpecialTokenTemplate Template(TokenizerConfig config, SpecialTokenIds special) =>
        SpecialTokenTemplate.FromFlags(config.AddBosToken ?? false, config.AddEosToken ?? false, special.Bos, special.Eos, config.Source);
}
