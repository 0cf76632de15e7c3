using System.Text.Json;

namespace Amend.Models.Tests.Architectures;

/// <summary>One golden.json written by transformers for a checkpoint in ../shared/golden.</summary>
internal sealed class GoldenReference
{
    private GoldenReference(string folder, JsonElement root)
    {
        Folder = folder;
        Sequences = [.. root.GetProperty("sequences").EnumerateArray().Select(s => new GoldenSequence(s))];
    }

    public string Folder { get; }

    public IReadOnlyList<GoldenSequence> Sequences { get; }

    /// <summary>The golden folders with one model each, for tests that run on every architecture.</summary>
    public static TheoryData<string> Architectures() => ["gpt2", "gptj", "gpt_neox", "llama"];

    public static GoldenReference Load(string name)
    {
        string folder = SharedFixtures.Path("golden", name);
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Path("golden", name, "golden.json")));
        return new GoldenReference(folder, document.RootElement.Clone());
    }
}

/// <summary>A fixed input with transformers' outputs for it.</summary>
internal sealed class GoldenSequence(JsonElement element)
{
    public int[] InputIds { get; } = Ints(element.GetProperty("input_ids"));

    public float[] LastLogits { get; } = Floats(element.GetProperty("last_logits"));

    public int[] GreedyNewTokens { get; } = Ints(element.GetProperty("greedy_new_tokens"));

    public float[][]? AllLogits { get; } = element.TryGetProperty("all_logits", out var a) ? [.. a.EnumerateArray().Select(Floats)] : null;

    public float[][]? HiddenStatesLastToken { get; } = element.TryGetProperty("hidden_states_last_token", out var h) ? [.. h.EnumerateArray().Select(Floats)] : null;

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];

    private static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetSingle())];
}
