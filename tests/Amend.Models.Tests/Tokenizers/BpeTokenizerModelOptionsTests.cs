using System.Text.Json.Nodes;
using Amend.Models.Tokenizers;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>The rarer BPE model fields of tokenizer.json: word affixes, unk_token, dropout.</summary>
public sealed class BpeTokenizerModelOptionsTests
{
    [Fact]
    public void Encode_MergesAcrossAContinuingSubwordPrefix()
    {
        // "ab" is spelled "a", "##b"; the merge "a ##b" produces "ab" (the prefix is dropped from the merge).
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, Model(new() { ["a"] = 0, ["##b"] = 1, ["ab"] = 2 }, ["a ##b"], prefix: "##"));

        Assert.Equal([2], tokenizer.Encode("ab"));
        Assert.Equal([2, 1], tokenizer.Encode("abb"));
    }

    [Fact]
    public void Encode_APairListedTwice_TakesItsLaterRank_AsHuggingFaceDoes()
    {
        // "a b" at ranks 0 and 2, "b c" at rank 1: tokenizers' merge map keeps rank 2, so "b c" merges first.
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, Model(new() { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["ab"] = 3, ["bc"] = 4 }, ["a b", "b c", "a b"]));

        Assert.Equal([0, 4], tokenizer.Encode("abc"));
        Assert.Equal([3], tokenizer.Encode("ab"));
    }

    [Fact]
    public void Encode_MergesWithAnEndOfWordSuffix()
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, Model(new() { ["a"] = 0, ["b</w>"] = 1, ["ab</w>"] = 2 }, ["a b</w>"], suffix: "</w>"));

        Assert.Equal([2], tokenizer.Encode("ab"));
    }

    [Fact]
    public void Decode_JoinsTokensWithSpaces_WithoutADecoder()
    {
        using var files = new TokenizerTestFiles();
        var tokenizer = Load(files, Model(new() { ["a"] = 0, ["##b"] = 1, ["ab"] = 2 }, ["a ##b"], prefix: "##"));

        Assert.Equal("ab a", tokenizer.Decode([2, 0]));
    }

    [Fact]
    public void Load_Throws_ForAnUnkTokenOutsideTheVocabulary()
    {
        using var files = new TokenizerTestFiles();
        var json = Model(new() { ["a"] = 0 }, []);
        json["model"]!["unk_token"] = "<unk>";
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("model.unk_token \"<unk>\"", error.Message);
    }

    [Fact]
    public void Load_Throws_ForBpeDropout()
    {
        using var files = new TokenizerTestFiles();
        var json = Model(new() { ["a"] = 0 }, []);
        json["model"]!["dropout"] = 0.1;
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("model.dropout", error.Message);
    }

    [Theory]
    [InlineData(2147483647)]
    [InlineData(100_000_000)]
    public void Load_Throws_ForATokenIdFarPastAnyVocabulary(int id)
    {
        using var files = new TokenizerTestFiles();
        string path = files.Write("tokenizer.json", Model(new() { ["a"] = 0, ["b"] = id }, []));

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains($"model.vocab", error.Message);
        Assert.Contains($"token id {id} is above", error.Message);
    }

    [Fact]
    public void Encode_Throws_InsteadOfHanging_OnACatastrophicallyBacktrackingSplitPattern()
    {
        using var files = new TokenizerTestFiles();
        var json = Model(new() { ["a"] = 0, ["!"] = 1 }, []);
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = "(a+)+$" }, ["behavior"] = "Isolated", ["invert"] = false };
        var tokenizer = Load(files, json);

        var error = Assert.Throws<InvalidOperationException>(() => tokenizer.Encode(new string('a', 60) + "!"));

        Assert.Contains("(a+)+$", error.Message);
        Assert.Contains("backtracks catastrophically", error.Message);
    }

    private static JsonObject Model(JsonObject vocab, string[] merges, string prefix = "", string suffix = "") => new()
    {
        ["added_tokens"] = new JsonArray(),
        ["model"] = new JsonObject
        {
            ["type"] = "BPE",
            ["vocab"] = vocab,
            ["merges"] = new JsonArray([.. merges.Select(m => JsonValue.Create(m))]),
            ["continuing_subword_prefix"] = prefix,
            ["end_of_word_suffix"] = suffix,
        },
    };

    private static BpeTokenizer Load(TokenizerTestFiles files, JsonObject json) =>
        TokenizerLoader.FromTokenizerJson(files.Write("tokenizer.json", json));
}
