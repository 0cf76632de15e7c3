using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amend.World.Tokenization;

/// <summary>
/// Writes a <see cref="BpeVocabulary"/> as Hugging Face files: tokenizer.json (BPE model, ByteLevel
/// pre-tokenizer and decoder, the end-of-text token as an added special token) and tokenizer_config.json
/// (naming it BOS, EOS and padding), the pair that both <c>tokenizers</c> and Amend's TokenizerLoader read.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>The texts of tokenizer.json and tokenizer_config.json, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Texts(BpeVocabulary vocabulary, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var options = new JsonSerializerOptions { WriteIndented = true };
        var config = new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = vocabulary.EndOfText,
            ["eos_token"] = vocabulary.EndOfText,
            ["unk_token"] = vocabulary.EndOfText,
            ["pad_token"] = vocabulary.EndOfText,
            ["model_max_length"] = maxLength,
            ["clean_up_tokenization_spaces"] = false,
        };
        return new Dictionary<string, string>
        {
            ["tokenizer.json"] = TokenizerJson(vocabulary).ToJsonString(options),
            ["tokenizer_config.json"] = config.ToJsonString(options),
        };
    }

    private static JsonObject TokenizerJson(BpeVocabulary vocabulary)
    {
        var vocab = new JsonObject();
        foreach (var (token, id) in vocabulary.Vocab.OrderBy(p => p.Value)) vocab[token] = id;
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = vocabulary.Vocab[vocabulary.EndOfText],
                ["content"] = vocabulary.EndOfText,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = byteLevel,
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray([.. vocabulary.Merges.Select(m => (JsonNode)JsonValue.Create($"{m.Left} {m.Right}"))]),
            },
        };
    }
}
