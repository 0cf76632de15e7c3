using Amend.Models.Tokenizers;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>llama2.c's tokenizer.bin on stories260K's tok512.bin (512 tokens: unk, bos, eos, 256 bytes, 253 merges).</summary>
public sealed class Llama2cTokenizerTests
{
    private static readonly Lazy<Llama2cTokenizer> s_tok512 = new(() => TokenizerLoader.FromLlama2c(Tok512Path, vocabSize: 512));

    private static string Tok512Path => SharedFixtures.Path("models", "stories260K", "tok512.bin");

    [Fact]
    public void Encode_OnceUponATime_GivesTheWordPieces()
    {
        // The vocabulary has " Once" 403, " upon" 407, " a" 261 and " time" 378; the dummy prefix " " joins "Once".
        var tokenizer = s_tok512.Value;

        int[] ids = tokenizer.Encode("Once upon a time");

        Assert.Equal([1, 403, 407, 261, 378], ids);
        Assert.Equal([" Once", " upon", " a", " time"], ids[1..].Select(id => tokenizer.IdToToken(id)));
        Assert.Equal([403, 407, 261, 378], tokenizer.Encode("Once upon a time", addSpecialTokens: false));
    }

    [Fact]
    public void Encode_MatchesRunC_OnPunctuationAccentsAndBytes()
    {
        // Expected ids from a line-by-line Python transcription of run.c's encode (O(n²) merge loop) on tok512.bin:
        // "½" and "😀" have no piece and fall back to bytes (3 + byte), "é" and "ñ" have pieces.
        var tokenizer = s_tok512.Value;

        int[] ids = tokenizer.Encode("Lily and Tim played. \"Hi!\" she said, happy: é ñ ½ 😀");

        Assert.Equal(
            [1, 317, 269, 326, 337, 266, 426, 313, 440, 417, 443, 436, 358, 336, 432, 393, 467, 410, 485, 410, 493, 410, 197, 192, 410, 243, 162, 155, 131],
            ids);
    }

    [Theory]
    [InlineData("Once upon a time")]
    [InlineData("Lily saw a big, red ball. \"Wow!\" she said. 日本 😀")]
    [InlineData(" leading space")]
    public void Decode_InvertsEncode_StrippingTheDummyPrefixAfterBos(string text)
    {
        var tokenizer = s_tok512.Value;
        int[] ids = tokenizer.Encode(text);

        Assert.All(ids, id => Assert.InRange(id, 0, 511));
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("\n<s>\n" + text, tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_KeepsTheLeadingSpace_WithoutBos_LikeRunC()
    {
        var tokenizer = s_tok512.Value;

        Assert.Equal(" Once upon a time", tokenizer.Decode(tokenizer.Encode("Once upon a time", addSpecialTokens: false)));
    }

    [Fact]
    public void Encode_SpellsAMissingCharacterWithByteTokens()
    {
        // "日" = E6 97 A5 → ids 3 + byte; the dummy prefix " " (410) stays alone.
        var tokenizer = s_tok512.Value;

        Assert.Equal([410, 233, 154, 168], tokenizer.Encode("日", addSpecialTokens: false));
        Assert.Equal("<0xE6>", tokenizer.IdToToken(233));
    }

    [Fact]
    public void Encode_GivesOnlyBos_ForEmptyText()
    {
        var tokenizer = s_tok512.Value;

        Assert.Equal([1], tokenizer.Encode(""));
        Assert.Empty(tokenizer.Encode("", addSpecialTokens: false));
    }

    [Fact]
    public void SpecialTokens_AreLlama2csFixedIds()
    {
        var tokenizer = s_tok512.Value;

        Assert.Equal(new SpecialTokenIds(Bos: 1, Eos: 2, Pad: null, Unk: 0), tokenizer.SpecialTokens);
        Assert.Equal(512, tokenizer.VocabSize);
        Assert.Equal(403, tokenizer.TokenToId(" Once"));
    }

    [Fact]
    public void Encode_RoundTripsALongInput()
    {
        var tokenizer = s_tok512.Value;
        string text = string.Concat(Enumerable.Repeat("Once upon a time, Lily saw a 🐶. ", 3_500));

        int[] ids = tokenizer.Encode(text);

        Assert.True(text.Length > 100_000);
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Theory]
    [InlineData(float.NaN, false)]
    [InlineData(-1e10f, false)]
    [InlineData(float.NegativeInfinity, false)]
    [InlineData(-9.9e9f, true)]
    public void Encode_NeverMergesIntoAPieceScoredAtOrBelowRunCsFloor(float score, bool formed)
    {
        // run.c takes a merge only when its score beats -1e10, so NaN and -1e10 never win, as in its encode loop.
        using var files = new TokenizerTestFiles();
        byte[] bytes = File.ReadAllBytes(Tok512Path);
        BitConverter.TryWriteBytes(bytes.AsSpan(ScoreOffset(bytes, 403), 4), score);
        var tokenizer = TokenizerLoader.FromLlama2c(files.WriteBytes("tok512.bin", bytes), vocabSize: 512);

        int[] ids = tokenizer.Encode("Once upon a time");

        Assert.Equal(formed, ids.Contains(403));
        Assert.Equal(" Once upon a time", string.Concat(ids[1..].Select(id => tokenizer.IdToToken(id))));
    }

    [Fact]
    public void Load_Throws_NamingTheFile_WhenTruncated()
    {
        using var files = new TokenizerTestFiles();
        byte[] bytes = File.ReadAllBytes(Tok512Path);
        string truncated = files.WriteBytes("tok512.bin", bytes[..(bytes.Length - 3)]);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromLlama2c(truncated));

        Assert.StartsWith(truncated, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("token 511", error.Message);
    }

    [Fact]
    public void Load_Throws_WhenTheHeaderIsCut()
    {
        using var files = new TokenizerTestFiles();
        string path = files.WriteBytes("tokenizer.bin", [7, 0]);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromLlama2c(path));

        Assert.Contains("max_token_length", error.Message);
    }

    [Theory]
    [InlineData(500, "bytes after the 500 tokens")]
    [InlineData(600, "holds 512 tokens, but the model's vocabulary has 600; is it this model's tokenizer?")]
    public void Load_Throws_WhenTheFileDisagreesWithTheVocabularySize(int vocabSize, string expected)
    {
        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromLlama2c(Tok512Path, vocabSize));

        Assert.Contains(expected, error.Message);
    }

    // tokenizer.bin: int32 max_token_length, then per token a float32 score, an int32 length and the UTF-8 bytes.
    private static int ScoreOffset(byte[] file, int token)
    {
        int offset = 4;
        for (int i = 0; i < token; i++) offset += 8 + BitConverter.ToInt32(file, offset + 4);
        return offset;
    }
}
