using System.Text.Json.Nodes;
using Amend.Models.Tokenizers;
using static Amend.Models.Tests.Tokenizers.SyntheticTokenizerJson;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>
/// SentencePiece-style BPE in the Llama-2 / Mistral shape on a synthetic vocabulary: &lt;unk&gt; 0, &lt;s&gt; 1,
/// &lt;/s&gt; 2, bytes 3..258, "▁" 259, h 260, e 261, l 262, o 263, w 264, r 265, d 266, then the merges ▁h 267,
/// ll 268, ▁he 269, ▁hell 270, ▁hello 271, ▁w 272, or 273, ▁wor 274.
/// </summary>
public sealed class BpeTokenizerSentencePieceTests
{
    [Fact]
    public void Encode_AddsBos_AndMergesTheDummyPrefixedText()
    {
        // "hello world" → normalizer → "▁hello▁world", one word: ▁h, ll, ▁he, ▁hell, ▁hello, ▁w, or, ▁wor.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal([1, 271, 274, 262, 266], tokenizer.Encode("hello world"));
        Assert.Equal([271, 274, 262, 266], tokenizer.Encode("hello world", addSpecialTokens: false));
        Assert.Equal(new SpecialTokenIds(Bos: 1, Eos: null, Pad: null, Unk: 0), tokenizer.SpecialTokens);
    }

    [Fact]
    public void Encode_SpellsAnOutOfVocabularyCharacter_WithItsUtf8Bytes()
    {
        // "é" = C3 A9 → <0xC3> (3 + 0xC3 = 198), <0xA9> (3 + 0xA9 = 172); "😀" = F0 9F 98 80.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal([267, 198, 172], tokenizer.Encode("hé", addSpecialTokens: false));
        Assert.Equal([259, 243, 162, 155, 131], tokenizer.Encode("😀", addSpecialTokens: false));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("hé 😀 wörld")]
    [InlineData("  two leading spaces and trailing  ")]
    public void Decode_InvertsEncode_WhenSkippingBos(string text)
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text), skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_KeepsBosText_AndStripsOnlyTheFirstSpace_LikeHuggingFace()
    {
        // The decoder strips one leading space from the fused text; "<s>" comes first, so nothing is stripped.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal("<s> hello world", tokenizer.Decode([1, 271, 274, 262, 266]));
        Assert.Equal("hello world", tokenizer.Decode([271, 274, 262, 266]));
    }

    [Fact]
    public void Decode_GivesOneReplacementCharacterPerByte_ForInvalidByteRuns()
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal("h\uFFFD\uFFFD", tokenizer.Decode([260, 198, 198]));
    }

    [Fact]
    public void Encode_FusesUnknownCharacters_IntoOneUnk_WithoutByteFallback()
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece(byteFallback: false));

        Assert.Equal([267, 0, 261], tokenizer.Encode("hxxe", addSpecialTokens: false));
    }

    [Theory]
    [InlineData("first", new[] { 1, 260, 261, 268, 263 })]
    [InlineData("always", new[] { 1, 271 })]
    public void Encode_PrependsMetaspace_AfterAnAddedToken_OnlyWithSchemeAlways(string scheme, int[] expected)
    {
        // "<s>hello": the text after "<s>" does not start the input, so scheme "first" does not prepend "▁".
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece(metaspaceScheme: scheme));

        Assert.Equal(expected, tokenizer.Encode("<s>hello", addSpecialTokens: false));
        Assert.Equal([1, 271, 274, 262, 266], tokenizer.Encode("hello world"));
        Assert.Equal("hello world", tokenizer.Decode([271, 274, 262, 266]));
    }

    [Theory]
    [InlineData(false, false, "hello <mask> hello", new[] { 271, 259, 300, 259, 271 })]
    [InlineData(true, false, "hello <mask> hello", new[] { 271, 300, 259, 271 })]
    [InlineData(false, true, "hello <mask> hello", new[] { 271, 259, 300, 271 })]
    public void Encode_AbsorbsWhitespaceAroundAnAddedToken_PerLStripAndRStrip(bool lstrip, bool rstrip, string text, int[] expected)
    {
        // Each text segment is normalized on its own: "hello " → "▁hello▁"; " hello" → "▁▁hello"; "hello" → "▁hello".
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece(extraAddedTokens: [AddedToken(300, "<mask>", lstrip: lstrip, rstrip: rstrip)]));

        Assert.Equal(expected, tokenizer.Encode(text, addSpecialTokens: false));
    }

    [Fact]
    public void Encode_AddsBosAndEos_FromATemplateWithBoth()
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json["post_processor"] = Template(("<s>", 1), ("</s>", 2));
        var tokenizer = Load(files, json);

        Assert.Equal([1, 271, 2], tokenizer.Encode("hello"));
        Assert.Equal(2, tokenizer.SpecialTokens.Eos);
    }

    [Fact]
    public void Encode_RoundTripsALongInputWithoutPreTokenizer()
    {
        // Without a pre-tokenizer the whole 100k-character text is one BPE word.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, SentencePiece());
        string text = string.Concat(Enumerable.Repeat("hello world é ", 8_000));

        int[] ids = tokenizer.Encode(text, addSpecialTokens: false);

        Assert.True(text.Length > 100_000);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Equal(271, ids[0]);
    }

    [Theory]
    [InlineData("LlamaTokenizerFast", "", new[] { 1, 271 })]
    [InlineData("LlamaTokenizer", "\"add_eos_token\": true,", new[] { 1, 271, 2 })]
    [InlineData("CodeLlamaTokenizerFast", "\"add_bos_token\": false, \"add_eos_token\": true,", new[] { 271, 2 })]
    [InlineData("GemmaTokenizer", "\"add_bos_token\": false,", new[] { 271 })]
    [InlineData("GPTNeoXTokenizerFast", "", new[] { 271 })]
    [InlineData("PreTrainedTokenizerFast", "\"add_bos_token\": false, \"add_eos_token\": true,", new[] { 1, 271 })]
    public void Encode_TheClassesThatRebuildTheirPostProcessor_AddWhatAddBosAndAddEosTokenSay(string tokenizerClass, string flags, int[] expected)
    {
        // tokenizer.json's template adds <s> only; transformers' Llama, CodeLlama, Gemma and GPT-NeoX fast classes
        // replace it with one built from tokenizer_config.json's flags, every other class keeps it.
        using var files = new TokenizerTestFiles();
        files.Write("tokenizer_config.json", $"{{{flags} \"tokenizer_class\": \"{tokenizerClass}\", \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}}");
        var tokenizer = Load(files, SentencePiece());

        Assert.Equal(expected, tokenizer.Encode("hello"));
    }

    [Fact]
    public void Load_AddEosTokenWithoutAnEosToken_NamesTheConfig()
    {
        using var files = new TokenizerTestFiles();
        string config = files.Write("tokenizer_config.json", "{\"add_eos_token\": true, \"tokenizer_class\": \"LlamaTokenizerFast\"}");

        var error = Assert.Throws<TokenizerFormatException>(() => Load(files, SentencePiece()));

        Assert.StartsWith(config, error.Message, StringComparison.Ordinal);
        Assert.Contains("add_eos_token is true but no eos_token is defined", error.Message, StringComparison.Ordinal);
    }

    private static BpeTokenizer Load(TokenizerTestFiles files, JsonObject json) =>
        TokenizerLoader.FromTokenizerJson(files.Write("tokenizer.json", json));
}
