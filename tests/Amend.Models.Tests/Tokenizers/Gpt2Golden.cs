using System.Text.Json;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>
/// shared/golden/tokenizer-gpt2/golden.json: 42 strings encoded by transformers' slow GPT2Tokenizer on
/// shared/models/fake-gpt2-tiny-random (see shared/golden/PROVENANCE.md, "Tokenizer golden").
/// </summary>
internal static class Gpt2Golden
{
    private static readonly Lazy<IReadOnlyList<Case>> s_cases = new(Load);

    public static IReadOnlyList<Case> Cases => s_cases.Value;

    public static string ModelFolder => SharedFixtures.Path("models", "fake-gpt2-tiny-random");

    private static List<Case> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Path("golden", "tokenizer-gpt2", "golden.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("text").GetString()!,
            [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())],
            [.. c.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!)],
            c.GetProperty("decoded").GetString()!,
            c.GetProperty("decoded_with_cleanup").GetString()!))];
    }

    public sealed record Case(string Text, int[] Ids, string[] Tokens, string Decoded, string DecodedWithCleanup);
}
