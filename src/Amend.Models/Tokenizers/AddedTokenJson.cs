namespace Amend.Models.Tokenizers;

/// <summary>Reads one serialized added token (tokenizer.json <c>added_tokens</c>, tokenizer_config.json <c>added_tokens_decoder</c>).</summary>
internal static class AddedTokenJson
{
    public static AddedToken Read(JsonField f, int id)
    {
        bool special = f.OptionalBool("special", false);
        return new AddedToken(
            id,
            f.Get("content").AsString(),
            special,
            f.OptionalBool("lstrip", false),
            f.OptionalBool("rstrip", false),
            f.OptionalBool("single_word", false),
            // Hugging Face's default: special tokens match the raw text, others the normalized text.
            f.OptionalBool("normalized", !special));
    }
}
