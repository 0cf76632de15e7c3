using Amend.Models.Tokenizers;

namespace Amend.World.Tests;

/// <summary>A tiny generated world written once per test run (with its tokenizer), shared by the tests that need files.</summary>
internal static class TinyWorld
{
    public static FactWorld World { get; } = WorldGenerator.Generate(7, WorldSizes.Tiny);

    private static readonly Lazy<string> s_folder = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), $"amend-tiny-world-{Environment.ProcessId}");
        WorldFolder.Write(World, folder, vocabSize: 320, maxLength: 64);
        return folder;
    });

    public static string Folder => s_folder.Value;

    public static ITokenizer Tokenizer() => TokenizerLoader.FromTokenizerJson(Path.Combine(Folder, "tokenizer.json"));
}
