using System.Text.Json.Nodes;
using Amend.Models.Tokenizers;
using static Amend.Models.Tests.Tokenizers.SyntheticTokenizerJson;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>
/// Byte-level BPE in the Llama-3 / Qwen2 shape (regex Split + ByteLevel without regex, ignore_merges, BOS
/// template, merges as pairs) on small synthetic vocabularies: byte b has id b, merge i's result has id 256 + i.
/// </summary>
public sealed class BpeTokenizerByteLevelTests
{
    private static readonly (string, string)[] s_helloMerges = [("h", "e"), ("l", "l"), ("he", "ll"), ("hell", "o"), (ByteChar(' '), "w")];

    [Fact]
    public void Encode_PrependsBeginOfText_AndMergesByRank()
    {
        // "hello" → he(256), ll(257), hell(258), hello(259); " world" → Ġw(260) o r l d; BOS is added token 300.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges, extraTokens: ["Ġworld"],
            postProcessor: Template(("<|begin_of_text|>", 300)), addedTokens: [AddedToken(300, "<|begin_of_text|>")]));

        int[] ids = tokenizer.Encode("hello world");

        Assert.Equal([300, 259, 260, 'o', 'r', 'l', 'd'], ids);
        Assert.Equal(300, tokenizer.SpecialTokens.Bos);
        Assert.Equal("hello world", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|begin_of_text|>hello world", tokenizer.Decode(ids));
    }

    [Theory]
    [InlineData(true, new[] { 261 })]
    [InlineData(false, new[] { 260, 'o', 'r', 'l', 'd' })]
    public void Encode_EmitsAWholeVocabularyWord_OnlyWhenIgnoringMerges(bool ignoreMerges, int[] expected)
    {
        // "Ġworld" (261) is in the vocabulary but no merge path builds it (Llama-3 sets ignore_merges: true).
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges, extraTokens: ["Ġworld"], ignoreMerges: ignoreMerges));

        Assert.Equal(expected, tokenizer.Encode(" world"));
    }

    [Fact]
    public void Encode_SplitsDigitsInGroupsOfThree_WithTheLlama3Pattern()
    {
        // "1234" splits as "123" | "4", so the merge "3 4" (256) cannot apply.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), [("3", "4")]));

        Assert.Equal(['1', '2', '3', '4'], tokenizer.Encode("1234"));
        Assert.Equal([256], tokenizer.Encode("34"));
    }

    [Fact]
    public void Encode_SplitsUpperCaseContractions_WithTheCaseInsensitiveGroup()
    {
        // (?i:'s) splits "'SEND" as "'S" | "END": the better-ranked merge "S E" (256) cannot cross the boundary,
        // so "' S" (257) applies instead.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), [("S", "E"), ("'", "S")]));

        Assert.Equal([257, 'E', 'N', 'D'], tokenizer.Encode("'SEND"));
    }

    [Fact]
    public void Encode_TreatsAnEmojiAsOneCharacter_InTheLlama3Pattern()
    {
        // In Rust's regex, [^\r\n\p{L}\p{N}]?\p{L}+ matches "😀abc" whole (one code point, then letters), so the
        // emoji's last byte 0x80 merges with "a" (256). Matching UTF-16 surrogates separately would split it off.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), [(ByteChar(0x80), "a")]));

        Assert.Equal([0xF0, 0x9F, 0x98, 256, 'b', 'c'], tokenizer.Encode("😀abc"));
    }

    [Fact]
    public void Encode_TreatsASupplementaryLetterAsALetter_InTheGpt2Pattern()
    {
        // "a𝐀" (U+1D400, a letter; UTF-8 F0 9D 90 80) is one " ?\p{L}+" word, so "a" merges with 0xF0 (256).
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Gpt2PreTokenizer(), [("a", ByteChar(0xF0))]));

        Assert.Equal([256, 0x9D, 0x90, 0x80], tokenizer.Encode("a𝐀"));
        Assert.Equal("a𝐀", tokenizer.Decode(tokenizer.Encode("a𝐀")));
    }

    [Fact]
    public void Encode_PrependsASpace_WhenTheByteLevelPreTokenizerAddsAPrefixSpace()
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Gpt2PreTokenizer(addPrefixSpace: true), s_helloMerges));

        Assert.Equal([' ', 259], tokenizer.Encode("hello"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encode_ReadsMergesAsPairsAndAsStrings_Alike(bool mergesAsPairs)
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges, mergesAsPairs: mergesAsPairs));

        Assert.Equal([259, 260, 'o', 'r', 'l', 'd'], tokenizer.Encode("hello world"));
    }

    [Fact]
    public void Encode_MatchesTheLongestAddedToken_BeforePreTokenization()
    {
        // "<|a|>" (300) and "<|a|><|b|>" (301): the longer one wins at the same position.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges,
            addedTokens: [AddedToken(300, "<|a|>"), AddedToken(301, "<|a|><|b|>", special: false)]));

        Assert.Equal([259, 301, 300], tokenizer.Encode("hello<|a|><|b|><|a|>"));
        Assert.Equal("hello<|a|><|b|>", tokenizer.Decode([259, 301, 300], skipSpecialTokens: true)); // 301 is not special
    }

    [Theory]
    [InlineData("Isolated", new int[] { 'a', '-', '-', 'b' })]
    [InlineData("Removed", new int[] { 'a', 'b' })]
    [InlineData("MergedWithPrevious", new[] { 256, '-', 'b' })]
    [InlineData("MergedWithNext", new[] { 'a', '-', 257 })]
    [InlineData("Contiguous", new[] { 'a', 258, 'b' })]
    public void Encode_GroupsSplitMatches_AsTheBehaviorSays(string behavior, int[] expected)
    {
        // Splitting "a--b" on "-"; merges "a -" (256), "- b" (257), "- -" (258) reveal the word boundaries.
        // Hugging Face merges a match into a neighbour only when the part before (after) it is not a match.
        using var files = new TokenizerTestFiles();
        var split = new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["String"] = "-" }, ["behavior"] = behavior, ["invert"] = false };
        var preTokenizer = new JsonObject { ["type"] = "Sequence", ["pretokenizers"] = new JsonArray(split, Gpt2PreTokenizer()) };
        preTokenizer["pretokenizers"]![1]!["use_regex"] = false;
        var tokenizer = Load(files, ByteLevel(preTokenizer, [("a", "-"), ("-", "b"), ("-", "-")]));

        Assert.Equal(expected, tokenizer.Encode("a--b"));
    }

    [Theory]
    [InlineData("Lowercase", "HELLO", new[] { 259 })]
    [InlineData("Lowercase", "\u0130", new[] { 105, 0xCC, 0x87 })] // İ → "i" + U+0307, as Rust's to_lowercase
    [InlineData("Lowercase", "\U00010400", new[] { 0xF0, 0x90, 0x90, 0xA8 })] // Deseret 𐐀 → 𐐨, a surrogate pair
    [InlineData("NFC", "hello", new[] { 259 })]
    [InlineData("NFC", "Ħ", new[] { 0xC4, 0xA6 })]
    [InlineData("NFKC", "hello", new[] { 259 })]
    public void Encode_NormalizesBeforePreTokenization(string normalizer, string text, int[] expected)
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, WithNormalizer(normalizer));

        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("NFC", "e\u0301", new[] { 0xC3, 0xA9 })]
    [InlineData("NFKC", "\uFB01", new int[] { 'f', 'i' })]
    [InlineData("NFC", "e\u0301\uFFFEe\u0301", new[] { 0xC3, 0xA9, 0xEF, 0xBF, 0xBE, 0xC3, 0xA9 })] // .NET's Normalize refuses U+FFFE
    public void Encode_NormalizesOrRefuses_TextThatNormalizationChanges(string normalizer, string text, int[] expected)
    {
        // This repository builds with InvariantGlobalization, where .NET cannot normalize non-ASCII text: the
        // tokenizer must then refuse rather than silently skip the normalizer.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, WithNormalizer(normalizer));
        bool runtimeNormalizes = "e\u0301".Normalize() == "\u00E9";

        if (runtimeNormalizes)
        {
            Assert.Equal(expected, tokenizer.Encode(text));
        }
        else
        {
            var error = Assert.Throws<NotSupportedException>(() => tokenizer.Encode(text));
            Assert.Contains("InvariantGlobalization", error.Message);
        }
    }

    [Theory]
    [InlineData("a", 0xD800, "", 1)]
    [InlineData("", 0xDC00, "b", 0)]
    [InlineData("\U0001F600", 0xD83D, "", 2)]
    public void Encode_RefusesAnUnpairedSurrogate_NamingItsIndex(string before, int surrogate, string after, int index)
    {
        // It has no UTF-8 bytes: byte-level encoding put U+FFFD in its place without a word. (Built here: attribute
        // strings cannot carry a lone surrogate.)
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, WithNormalizer("Lowercase"));
        string text = before + (char)surrogate + after;

        var error = Assert.Throws<ArgumentException>(() => tokenizer.Encode(text));

        Assert.Contains($"at index {index}", error.Message);
        Assert.Equal([0xF0, 0x9F, 0x98, 0x80], tokenizer.Encode("\U0001F600"));
    }

    [Fact]
    public void Encode_MatchesASingleWordAddedToken_OnlyBetweenNonWordCharacters()
    {
        // "lo" (300) with single_word: the one inside "hello" is left to BPE, the standalone one matches.
        using var files = new TokenizerTestFiles();
        var lo = AddedToken(300, "lo", special: false);
        lo["single_word"] = true;
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges, addedTokens: [lo]));

        Assert.Equal([259, ' ', 300], tokenizer.Encode("hello lo"));
    }

    [Theory]
    [InlineData("\U0001D400lo", false)] // a mathematical letter: one code point, two UTF-16 units
    [InlineData("lo\u216B", false)] // a letter number (Nl) is Alphabetic
    [InlineData("\u24B6lo", false)] // a circled letter is a symbol (So) but Other_Alphabetic
    [InlineData("lo\u200D", false)] // zero width joiner (Join_Control)
    [InlineData("\U0001F600lo", true)] // an emoji is no word character
    [InlineData("lo\u00B7", true)] // middle dot: punctuation
    public void Encode_ASingleWordAddedToken_JudgesItsNeighboursAsRustRegexWordCharacters(string text, bool standsAlone)
    {
        using var files = new TokenizerTestFiles();
        var lo = AddedToken(300, "lo", special: false);
        lo["single_word"] = true;
        var tokenizer = Load(files, ByteLevel(Llama3PreTokenizer(), s_helloMerges, addedTokens: [lo]));

        Assert.Equal(standsAlone, tokenizer.Encode(text).Contains(300));
    }

    [Theory]
    [InlineData(false, "\"tokenizer_class\": \"GPT2TokenizerFast\", \"add_prefix_space\": true", true)]
    [InlineData(true, "\"tokenizer_class\": \"GPT2Tokenizer\"", false)]
    [InlineData(true, "\"tokenizer_class\": \"GPTNeoXTokenizerFast\", \"add_prefix_space\": false", false)]
    [InlineData(true, "\"tokenizer_class\": \"Qwen2TokenizerFast\"", true)]
    [InlineData(false, "\"add_prefix_space\": true", false)]
    public void Encode_GptClasses_TakeAddPrefixSpaceFromTheConfig(bool inTokenizerJson, string config, bool expected)
    {
        // transformers' GPT-2, GPT-NeoX and CodeGen fast classes overwrite the ByteLevel pre-tokenizer's flag; others keep it.
        using var files = new TokenizerTestFiles();
        files.Write("tokenizer_config.json", "{" + config + "}");
        var tokenizer = Load(files, ByteLevel(Gpt2PreTokenizer(inTokenizerJson), s_helloMerges));

        Assert.Equal(expected ? [' ', 259] : [259], tokenizer.Encode("hello"));
    }

    private static JsonObject WithNormalizer(string type)
    {
        var json = ByteLevel(Llama3PreTokenizer(), s_helloMerges);
        json["normalizer"] = new JsonObject { ["type"] = type };
        return json;
    }

    private static BpeTokenizer Load(TokenizerTestFiles files, JsonObject json) =>
        TokenizerLoader.FromTokenizerJson(files.Write("tokenizer.json", json));
}
