using System.Text.Json.Nodes;
using Amend.Models.Tokenizers;
using static Amend.Models.Tests.Tokenizers.SyntheticTokenizerJson;

namespace Amend.Models.Tests.Tokenizers;

public sealed class TokenizerLoaderTests
{
    [Fact]
    public void FromFolder_PrefersTokenizerJson()
    {
        var tokenizer = TokenizerLoader.FromFolder(Gpt2Golden.ModelFolder);

        Assert.IsType<BpeTokenizer>(tokenizer);
        Assert.Equal([15496, 995], tokenizer.Encode("Hello world"));
    }

    [Fact]
    public void FromFolder_FallsBackToVocabAndMerges()
    {
        using var files = new TokenizerTestFiles();
        foreach (string name in new[] { "vocab.json", "merges.txt", "tokenizer_config.json" })
        {
            File.Copy(Path.Combine(Gpt2Golden.ModelFolder, name), Path.Combine(files.Directory, name));
        }

        var tokenizer = TokenizerLoader.FromFolder(files.Directory);

        Assert.Equal([15496, 50256, 6894], tokenizer.Encode("Hello<|endoftext|>world"));
        Assert.Equal(50256, tokenizer.SpecialTokens.Eos);
    }

    [Fact]
    public void FromFolder_FallsBackToLlama2cTokenizerBin()
    {
        using var files = new TokenizerTestFiles();
        File.Copy(SharedFixtures.Path("models", "stories260K", "tok512.bin"), Path.Combine(files.Directory, "tokenizer.bin"));

        var tokenizer = TokenizerLoader.FromFolder(files.Directory);

        Assert.IsType<Llama2cTokenizer>(tokenizer);
        Assert.Equal(512, tokenizer.VocabSize);
    }

    [Fact]
    public void FromFolder_Throws_ListingWhatItLookedFor()
    {
        using var files = new TokenizerTestFiles();
        files.Write("vocab.json", "{}");

        var error = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.FromFolder(files.Directory));

        foreach (string name in new[] { "tokenizer.json", "vocab.json", "merges.txt", "tokenizer.bin", "only vocab.json" })
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Theory]
    [InlineData("WordPiece")]
    [InlineData("Unigram")]
    [InlineData("WordLevel")]
    public void FromTokenizerJson_Throws_NamingAnUnsupportedModelType(string type)
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json["model"]!["type"] = type;
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Equal(path, error.Path);
        Assert.Contains($"model.type \"{type}\" is not supported", error.Message);
    }

    [Theory]
    [InlineData("normalizer", "{\"type\": \"BertNormalizer\"}", "normalizer.type \"BertNormalizer\" is not supported")]
    [InlineData("normalizer", "{\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Precompiled\"}]}", "normalizer.normalizers[0].type \"Precompiled\" is not supported")]
    [InlineData("pre_tokenizer", "{\"type\": \"Whitespace\"}", "pre_tokenizer.type \"Whitespace\" is not supported")]
    [InlineData("decoder", "{\"type\": \"WordPiece\"}", "decoder.type \"WordPiece\" is not supported")]
    [InlineData("post_processor", "{\"type\": \"Unknown\"}", "post_processor.type \"Unknown\" is not supported")]
    // Ids outside the vocabulary: loaded, they went into every encoding, and only Decode or the model's embedding refused them.
    [InlineData("post_processor", "{\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"special_tokens\": {\"<s>\": {\"id\": \"<s>\", \"ids\": [99999], \"tokens\": [\"<s>\"]}}}", "post_processor names token id 99999")]
    [InlineData("padding", "{\"pad_id\": 99999}", "padding.pad_id names token id 99999")]
    public void FromTokenizerJson_Throws_NamingABadPipelineSection(string section, string value, string expected)
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json[section] = JsonNode.Parse(value);
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FromTokenizerJson_Throws_ForMalformedJson()
    {
        using var files = new TokenizerTestFiles();
        string path = files.Write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", ");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void FromTokenizerJson_Throws_ForAnUnpairedSurrogateEscape_NamingWhereItIs()
    {
        using var files = new TokenizerTestFiles();
        string path = files.Write("tokenizer.json", """{"model": {"type": "BPE", "vocab": {"a": 0, "b\udc00": 1}, "merges": []}}""");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains("is not valid JSON: a member name in model.vocab holds an unpaired UTF-16 surrogate escape", error.Message);
    }

    [Theory]
    [InlineData("model", "model is missing")]
    [InlineData("model.vocab", "model.vocab is missing")]
    [InlineData("model.merges", "model.merges is missing")]
    public void FromTokenizerJson_Throws_NamingAMissingField(string field, string expected)
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        string[] parts = field.Split('.');
        (parts.Length == 1 ? json : json[parts[0]]!.AsObject()).Remove(parts[^1]);
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FromTokenizerJson_Throws_NamingAMergeOutsideTheVocabulary()
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json["model"]!["merges"]!.AsArray().Add("▁ q");
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("model.merges[8]", error.Message);
        Assert.Contains("\"q\" is not in the vocabulary", error.Message);
    }

    [Fact]
    public void FromTokenizerJson_Throws_NamingTwoTokensOnOneId()
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json["model"]!["vocab"]!["▁q"] = 260;
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("model.vocab.▁q: id 260 is also the id of \"h\"", error.Message);
    }

    [Fact]
    public void FromTokenizerJson_Throws_ForAWrongFieldType()
    {
        using var files = new TokenizerTestFiles();
        var json = SentencePiece();
        json["model"]!["vocab"] = new JsonArray();
        string path = files.Write("tokenizer.json", json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("model.vocab must be an object", error.Message);
    }

    [Fact]
    public void FromVocabAndMerges_Throws_NamingTheLineOfABadMerge()
    {
        using var files = new TokenizerTestFiles();
        string vocab = files.Write("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        string merges = files.Write("merges.txt", "#version: 0.2\na b\nab\n");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromVocabAndMerges(vocab, merges));

        Assert.StartsWith(merges, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("{\"a\": 2147483647}", "above")]
    [InlineData("{\"a\": 0, \"b\": 0}", "also the id of \"a\"")]
    public void FromVocabAndMerges_Throws_OnAnIdNoVocabularyCanHold_OrOneUsedTwice(string vocabJson, string expected)
    {
        // As tokenizer.json's vocab: an id near int's range wrapped the size of the id table; a shared id decoded one token as another.
        using var files = new TokenizerTestFiles();
        string vocab = files.Write("vocab.json", vocabJson);
        string merges = files.Write("merges.txt", "#version: 0.2\n");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromVocabAndMerges(vocab, merges));

        Assert.StartsWith(vocab, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FromVocabAndMerges_Throws_NamingAnUndefinedSpecialToken()
    {
        using var files = new TokenizerTestFiles();
        string vocab = files.Write("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        string merges = files.Write("merges.txt", "#version: 0.2\na b\n");
        string config = files.Write("tokenizer_config.json", "{\"eos_token\": {\"content\": \"</s>\", \"special\": true}}");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.FromVocabAndMerges(vocab, merges));

        Assert.StartsWith(config, error.Message);
        Assert.Contains("eos_token \"</s>\"", error.Message);
    }

    [Fact]
    public void Loaders_Throw_ForMissingFilesAndFolders()
    {
        Assert.Throws<FileNotFoundException>(() => TokenizerLoader.FromTokenizerJson("/nonexistent/tokenizer.json"));
        Assert.Throws<FileNotFoundException>(() => TokenizerLoader.FromLlama2c("/nonexistent/tokenizer.bin"));
        Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.FromFolder("/nonexistent"));
    }
}
