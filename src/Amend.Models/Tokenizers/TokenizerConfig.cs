namespace Amend.Models.Tokenizers;

/// <summary>
/// What <c>transformers</c> keeps beside the vocabulary: tokenizer_config.json, with special_tokens_map.json
/// filling the special tokens it does not name (the newer file wins, as in transformers).
/// </summary>
/// <param name="Bos">BOS token text, or null.</param>
/// <param name="Eos">EOS token text, or null.</param>
/// <param name="Pad">PAD token text, or null.</param>
/// <param name="Unk">UNK token text, or null.</param>
/// <param name="CleanUpTokenizationSpaces">clean_up_tokenization_spaces, or null when not set.</param>
/// <param name="AddBosToken">add_bos_token, or null when not set (slow tokenizers, and the fast classes that rebuild their post-processor from it).</param>
/// <param name="AddEosToken">add_eos_token, or null when not set.</param>
/// <param name="AddPrefixSpace">add_prefix_space (byte-level slow tokenizers).</param>
/// <param name="TokenizerClass">tokenizer_class, or null.</param>
/// <param name="AddedTokens">added_tokens_decoder entries.</param>
/// <param name="Source">The file the special tokens came from, for error messages.</param>
internal sealed record TokenizerConfig(
    string? Bos, string? Eos, string? Pad, string? Unk, bool? CleanUpTokenizationSpaces,
    bool? AddBosToken, bool? AddEosToken, bool AddPrefixSpace, string? TokenizerClass, IReadOnlyList<AddedToken> AddedTokens, string Source)
{
    public const string ConfigFile = "tokenizer_config.json";
    public const string SpecialTokensMapFile = "special_tokens_map.json";

    /// <summary>Reads the config files in <paramref name="directory"/>; a missing file contributes nothing.</summary>
    public static TokenizerConfig Read(string directory)
    {
        string configPath = Path.Combine(directory, ConfigFile);
        string mapPath = Path.Combine(directory, SpecialTokensMapFile);
        using var config = File.Exists(configPath) ? JsonField.ParseFile(configPath) : null;
        using var map = File.Exists(mapPath) ? JsonField.ParseFile(mapPath) : null;
        JsonField? c = config is null ? null : JsonField.Root(config, configPath);
        JsonField? m = map is null ? null : JsonField.Root(map, mapPath);

        string? Special(string name) => TokenText(c?.TryGet(name)) ?? TokenText(m?.TryGet(name));
        return new TokenizerConfig(
            Special("bos_token"), Special("eos_token"), Special("pad_token"), Special("unk_token"),
            c?.TryGet("clean_up_tokenization_spaces")?.AsBool(),
            c?.TryGet("add_bos_token")?.AsBool(),
            c?.TryGet("add_eos_token")?.AsBool(),
            c?.OptionalBool("add_prefix_space", false) ?? false,
            c?.OptionalString("tokenizer_class"),
            c?.TryGet("added_tokens_decoder") is JsonField decoder ? ReadAddedTokens(decoder) : [],
            config is not null ? configPath : mapPath);
    }

    /// <summary>A special token is written as its text or as a serialized AddedToken <c>{"content": ...}</c>.</summary>
    private static string? TokenText(JsonField? field) => field is not JsonField f ? null
        : f.Element.ValueKind == System.Text.Json.JsonValueKind.Object ? f.Get("content").AsString() : f.AsString();

    private static List<AddedToken> ReadAddedTokens(JsonField decoder) =>
        [.. decoder.Properties().Select(p => AddedTokenJson.Read(p.Value, int.TryParse(p.Name, out int id) && id >= 0 && id <= JsonField.MaxTokenId
            ? id
            : throw p.Value.Error($"{p.Value.Where}: the key must be a token id from 0 to {JsonField.MaxTokenId}")))];
}
