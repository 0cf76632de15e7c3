using System.Text.Json.Nodes;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>Small hand-made tokenizer.json documents in the shapes real models ship, with ids a test can derive by hand.</summary>
internal static class SyntheticTokenizerJson
{
    /// <summary>Llama-3's split pattern (tokenizer.json of Meta-Llama-3-8B).</summary>
    public const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>SentencePiece-style ids: &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2, &lt;0x00&gt;..&lt;0xFF&gt; 3..258, then these characters from 259.</summary>
    public const string SentencePieceChars = "▁helowrd";

    /// <summary>GPT-2's byte → character table (printable bytes stand for themselves, the rest map to U+0100...).</summary>
    public static string ByteChar(int b)
    {
        int next = 256;
        for (int i = 0; i < 256; i++)
        {
            bool printable = (i >= 33 && i <= 126) || (i >= 161 && i <= 172) || (i >= 174 && i <= 255);
            if (i == b) return ((char)(printable ? i : next)).ToString();
            if (!printable) next++;
        }

        throw new ArgumentOutOfRangeException(nameof(b));
    }

    /// <summary>
    /// Byte-level BPE: ids 0..255 are the byte characters (id = byte value), each merge's result follows from
    /// 256 in merge order, then <paramref name="extraTokens"/>.
    /// </summary>
    public static JsonObject ByteLevel(
        JsonNode preTokenizer, (string Left, string Right)[] merges, string[]? extraTokens = null,
        bool ignoreMerges = false, bool mergesAsPairs = true, JsonNode? postProcessor = null, JsonArray? addedTokens = null)
    {
        var tokens = Enumerable.Range(0, 256).Select(ByteChar).Concat(merges.Select(m => m.Left + m.Right)).Concat(extraTokens ?? []);
        return Document(
            Model(tokens, merges, mergesAsPairs, ignoreMerges, byteFallback: false, unk: null),
            normalizer: null, preTokenizer, new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            postProcessor, addedTokens ?? []);
    }

    /// <summary>Llama-3's pre-tokenizer: regex split, then byte-level spelling without a second regex.</summary>
    public static JsonObject Llama3PreTokenizer(string pattern = Llama3Pattern) => Sequence("pretokenizers",
        new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false });

    public static JsonObject Gpt2PreTokenizer(bool addPrefixSpace = false) =>
        new() { ["type"] = "ByteLevel", ["add_prefix_space"] = addPrefixSpace, ["trim_offsets"] = true, ["use_regex"] = true };

    /// <summary>A TemplateProcessing that puts <paramref name="bos"/> (and <paramref name="eos"/> when given) around the sequence.</summary>
    public static JsonObject Template((string Token, int Id) bos, (string Token, int Id)? eos = null)
    {
        var single = new JsonArray { new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = bos.Token, ["type_id"] = 0 } } };
        single.Add(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } });
        var special = new JsonObject { [bos.Token] = SpecialEntry(bos) };
        if (eos is { } e)
        {
            single.Add(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = e.Token, ["type_id"] = 0 } });
            special[e.Token] = SpecialEntry(e);
        }

        return new JsonObject { ["type"] = "TemplateProcessing", ["single"] = single, ["pair"] = new JsonArray(), ["special_tokens"] = special };
    }

    public static JsonObject AddedToken(int id, string content, bool special = true, bool lstrip = false, bool rstrip = false, bool normalized = false) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = lstrip,
        ["rstrip"] = rstrip,
        ["normalized"] = normalized,
        ["special"] = special,
    };

    /// <summary>
    /// Llama-2-style BPE: "▁" dummy prefix by normalizer (or by a Metaspace pre-tokenizer when
    /// <paramref name="metaspaceScheme"/> is given), byte fallback, BOS template, and these merges, in rank order:
    /// ▁h 267, ll 268, ▁he 269, ▁hell 270, ▁hello 271, ▁w 272, or 273, ▁wor 274.
    /// </summary>
    public static JsonObject SentencePiece(
        bool byteFallback = true, string? metaspaceScheme = null, JsonArray? extraAddedTokens = null, bool fuseUnk = true)
    {
        (string, string)[] merges = [("▁", "h"), ("l", "l"), ("▁h", "e"), ("▁he", "ll"), ("▁hell", "o"), ("▁", "w"), ("o", "r"), ("▁w", "or")];
        var tokens = new[] { "<unk>", "<s>", "</s>" }
            .Concat(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"))
            .Concat(SentencePieceChars.Select(c => c.ToString()))
            .Concat(merges.Select(m => m.Item1 + m.Item2));
        var model = Model(tokens, merges, mergesAsPairs: false, ignoreMerges: false, byteFallback, unk: "<unk>");
        model["fuse_unk"] = fuseUnk;

        var added = new JsonArray { AddedToken(0, "<unk>"), AddedToken(1, "<s>"), AddedToken(2, "</s>") };
        foreach (var extra in extraAddedTokens ?? []) added.Add(extra!.DeepClone());

        JsonNode? normalizer = metaspaceScheme is null ? Sequence("normalizers",
            new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
            new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }) : null;
        JsonNode? preTokenizer = metaspaceScheme is null ? null
            : new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = metaspaceScheme, ["split"] = false };
        JsonNode decoder = metaspaceScheme is null ? Sequence("decoders",
            new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
            new JsonObject { ["type"] = "ByteFallback" },
            new JsonObject { ["type"] = "Fuse" },
            new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 })
            : new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = metaspaceScheme, ["split"] = false };
        return Document(model, normalizer, preTokenizer, decoder, Template(("<s>", 1)), added);
    }

    private static JsonObject Model(IEnumerable<string> tokens, (string Left, string Right)[] merges, bool mergesAsPairs, bool ignoreMerges, bool byteFallback, string? unk)
    {
        var vocab = new JsonObject();
        int id = 0;
        foreach (string token in tokens) vocab[token] = id++;
        var mergeList = new JsonArray([.. merges.Select(m => mergesAsPairs ? (JsonNode)new JsonArray(m.Left, m.Right) : JsonValue.Create($"{m.Left} {m.Right}"))]);
        return new JsonObject
        {
            ["type"] = "BPE",
            ["dropout"] = null,
            ["unk_token"] = unk,
            ["continuing_subword_prefix"] = null,
            ["end_of_word_suffix"] = null,
            ["fuse_unk"] = false,
            ["byte_fallback"] = byteFallback,
            ["ignore_merges"] = ignoreMerges,
            ["vocab"] = vocab,
            ["merges"] = mergeList,
        };
    }

    private static JsonObject Document(JsonObject model, JsonNode? normalizer, JsonNode? preTokenizer, JsonNode? decoder, JsonNode? postProcessor, JsonArray added) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = added,
        ["normalizer"] = normalizer,
        ["pre_tokenizer"] = preTokenizer,
        ["post_processor"] = postProcessor,
        ["decoder"] = decoder,
        ["model"] = model,
    };

    private static JsonObject Sequence(string member, params JsonNode[] steps) => new() { ["type"] = "Sequence", [member] = new JsonArray(steps) };

    private static JsonObject SpecialEntry((string Token, int Id) token) =>
        new() { ["id"] = token.Token, ["ids"] = new JsonArray(token.Id), ["tokens"] = new JsonArray(token.Token) };
}
