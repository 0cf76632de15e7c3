using System.Text;
using Amend.Models.Tokenizers;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>GPT-2's real tokenizer against transformers' ids, through both Hugging Face file formats.</summary>
public sealed class BpeTokenizerGpt2GoldenTests
{
    private const string FromTokenizerJson = "tokenizer.json";
    private const string FromVocabAndMerges = "vocab.json + merges.txt";

    private static readonly Lazy<BpeTokenizer> s_fromJson = new(() =>
        TokenizerLoader.FromTokenizerJson(Path.Combine(Gpt2Golden.ModelFolder, "tokenizer.json")));

    private static readonly Lazy<BpeTokenizer> s_fromVocab = new(() => TokenizerLoader.FromVocabAndMerges(
        Path.Combine(Gpt2Golden.ModelFolder, "vocab.json"), Path.Combine(Gpt2Golden.ModelFolder, "merges.txt")));

    public static TheoryData<string> Loaders => [FromTokenizerJson, FromVocabAndMerges];

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Encode_MatchesTransformersIdForId_OnAllGoldenStrings(string loader)
    {
        var tokenizer = Load(loader);

        var failures = Gpt2Golden.Cases
            .Select(c => (Case: c, Ids: tokenizer.Encode(c.Text)))
            .Where(r => !r.Ids.SequenceEqual(r.Case.Ids))
            .Select(r => $"{Show(r.Case.Text)}: expected [{string.Join(", ", r.Case.Ids)}], got [{string.Join(", ", r.Ids)}]")
            .ToList();

        Assert.Equal(42, Gpt2Golden.Cases.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of 42 strings differ ({loader}):\n{string.Join("\n", failures)}");
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void IdToToken_GivesTransformersTokens_AndTokenToIdInvertsIt(string loader)
    {
        var tokenizer = Load(loader);

        foreach (var c in Gpt2Golden.Cases)
        {
            Assert.Equal(c.Tokens, c.Ids.Select(id => tokenizer.IdToToken(id)));
            Assert.Equal(c.Ids, c.Tokens.Select(t => tokenizer.TokenToId(t) ?? -1));
        }
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Decode_MatchesTransformers_WithAndWithoutCleanUp(string loader)
    {
        var tokenizer = Load(loader);

        foreach (var c in Gpt2Golden.Cases)
        {
            Assert.Equal(c.Decoded, tokenizer.Decode(c.Ids, cleanUpTokenizationSpaces: false));
            Assert.Equal(c.DecodedWithCleanup, tokenizer.Decode(c.Ids, cleanUpTokenizationSpaces: true));
            // tokenizer_config.json sets clean_up_tokenization_spaces: true, so that is the default.
            Assert.Equal(c.DecodedWithCleanup, tokenizer.Decode(c.Ids));
        }
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void SpecialTokens_ComeFromTheConfigFiles(string loader)
    {
        var tokenizer = Load(loader);

        Assert.Equal(new SpecialTokenIds(Bos: 50256, Eos: 50256, Pad: null, Unk: 50256), tokenizer.SpecialTokens);
        Assert.Equal(50257, tokenizer.VocabSize);
        Assert.True(tokenizer.CleanUpTokenizationSpaces);
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Encode_AddsNoSpecialTokens_ForGpt2(string loader)
    {
        var tokenizer = Load(loader);

        Assert.Equal([15496, 995], tokenizer.Encode("Hello world", addSpecialTokens: true));
        Assert.Equal([15496, 995], tokenizer.Encode("Hello world", addSpecialTokens: false));
    }

    [Fact]
    public void Decode_SkipsEndOfText_WhenSkippingSpecialTokens()
    {
        var tokenizer = s_fromJson.Value;

        Assert.Equal("Helloworld", tokenizer.Decode([15496, 50256, 6894], skipSpecialTokens: true));
        Assert.Equal("Hello<|endoftext|>world", tokenizer.Decode([15496, 50256, 6894]));
    }

    [Fact]
    public void Decode_ReplacesAnIncompleteUtf8Sequence_WithOneReplacementCharacter()
    {
        // Given "😀" = F0 9F 98 80 as byte-level tokens, decoding all but the last token leaves a truncated
        // sequence, which Rust's from_utf8_lossy (Hugging Face) turns into a single U+FFFD.
        var tokenizer = s_fromJson.Value;
        int[] ids = tokenizer.Encode("😀");

        string partial = tokenizer.Decode(ids.AsSpan(0, ids.Length - 1));

        Assert.True(ids.Length > 1);
        Assert.Equal("\uFFFD", partial);
    }

    [Fact]
    public void Decode_Throws_ForAnIdOutsideTheVocabulary()
    {
        var tokenizer = s_fromJson.Value;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([15496, 50257]));

        Assert.Contains("50257", error.Message);
        Assert.Null(tokenizer.IdToToken(-1));
        Assert.Null(tokenizer.TokenToId("no such token"));
    }

    [Fact]
    public void Encode_RoundTripsALongMixedText()
    {
        // 100k+ characters: many short words, one 60k-letter word, a 30k-space run and long digit runs,
        // which must neither hang the regex nor make merging quadratic.
        var text = new StringBuilder();
        for (int i = 0; i < 1500; i++) text.Append("The Eiffel Tower, 1889! ");
        text.Append('x', 60_000).Append(' ', 30_000).Append('7', 5_000).Append("😀", 0, 2);
        var tokenizer = s_fromJson.Value;

        int[] ids = tokenizer.Encode(text.ToString());

        Assert.True(text.Length > 100_000);
        Assert.Equal(text.ToString(), tokenizer.Decode(ids, cleanUpTokenizationSpaces: false));
        Assert.Equal(ids, s_fromVocab.Value.Encode(text.ToString()));
    }

    private static BpeTokenizer Load(string loader) => loader == FromTokenizerJson ? s_fromJson.Value : s_fromVocab.Value;

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
