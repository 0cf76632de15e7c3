using System.Text;

namespace Amend.Models.Tokenizers;

/// <summary>Reads the normalizer, pre_tokenizer and decoder sections of a tokenizer.json.</summary>
internal static class PipelineJsonReader
{
    private const string Normalizers = "Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase";
    private const string PreTokenizers = "Sequence, ByteLevel, Split, Metaspace";
    private const string Decoders = "Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace";

    public static INormalizer? Normalizer(JsonField? field)
    {
        if (field is not JsonField f) return null;
        string type = f.Get("type").AsString();
        return type switch
        {
            "Sequence" => new SequenceNormalizer([.. f.Get("normalizers").Items().Select(n => Normalizer(n)!)]),
            "Prepend" => new PrependNormalizer(f.Get("prepend").AsString()),
            "Replace" => new ReplaceNormalizer(Pattern(f.Get("pattern")), f.Get("content").AsString()),
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            _ => throw f.Unsupported(type, Normalizers),
        };
    }

    public static IPreTokenizer? PreTokenizer(JsonField? field)
    {
        if (field is not JsonField f) return null;
        string type = f.Get("type").AsString();
        return type switch
        {
            "Sequence" => new SequencePreTokenizer([.. f.Get("pretokenizers").Items().Select(p => PreTokenizer(p)!)]),
            // Hugging Face's defaults for both flags are true.
            "ByteLevel" => new ByteLevelPreTokenizer(f.OptionalBool("add_prefix_space", true), f.OptionalBool("use_regex", true)),
            "Split" => new SplitPreTokenizer(Pattern(f.Get("pattern")), Behavior(f.Get("behavior")), f.OptionalBool("invert", false)),
            "Metaspace" => new MetaspacePreTokenizer(Replacement(f), Scheme(f), f.OptionalBool("split", true)),
            _ => throw f.Unsupported(type, PreTokenizers),
        };
    }

    public static ITokenDecoder? Decoder(JsonField? field)
    {
        if (field is not JsonField f) return null;
        string type = f.Get("type").AsString();
        return type switch
        {
            "Sequence" => new SequenceDecoder([.. f.Get("decoders").Items().Select(d => Decoder(d)!)]),
            "ByteLevel" => new ByteLevelDecoder(),
            "Replace" => new ReplaceDecoder(Pattern(f.Get("pattern")), f.Get("content").AsString()),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(SingleChar(f.Get("content")), f.Get("start").AsNonNegativeInt(), f.Get("stop").AsNonNegativeInt()),
            "Metaspace" => new MetaspaceDecoder(Replacement(f), Scheme(f)),
            _ => throw f.Unsupported(type, Decoders),
        };
    }

    /// <summary><c>{"String": "..."}</c> or <c>{"Regex": "..."}</c>.</summary>
    private static TextPattern Pattern(JsonField f)
    {
        if (f.TryGet("String") is JsonField literal) return TextPattern.Literal(literal.AsString());
        if (f.TryGet("Regex") is JsonField regex)
        {
            try
            {
                return TextPattern.Regex(regex.AsString());
            }
            catch (ArgumentException e)
            {
                throw regex.Error($"{regex.Where} is not a regex .NET accepts: {e.Message}");
            }
        }

        throw f.Error($"{f.Where} must have a \"String\" or a \"Regex\" member");
    }

    private static SplitBehavior Behavior(JsonField f) => f.AsString() switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        string other => throw f.Error($"{f.Where} \"{other}\" is not a split behavior (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)"),
    };

    private static char Replacement(JsonField f) => SingleChar(f.Get("replacement"));

    /// <summary>Newer files say <c>prepend_scheme</c>; older ones <c>add_prefix_space</c> (true meaning "always").</summary>
    private static PrependScheme Scheme(JsonField f)
    {
        if (f.TryGet("prepend_scheme") is not JsonField scheme)
        {
            return f.OptionalBool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
        }

        return scheme.AsString() switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            string other => throw scheme.Error($"{scheme.Where} \"{other}\" is not a prepend scheme (always, first, never)"),
        };
    }

    private static char SingleChar(JsonField f)
    {
        string text = f.AsString();
        return text.Length == 1 ? text[0] : throw f.Error($"{f.Where} must be a single character, found \"{text}\"");
    }
}
