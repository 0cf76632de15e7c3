using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amend.Models.Tests.Tokenizers;

/// <summary>A temporary folder for tokenizer files written by a test; deleted on dispose.</summary>
internal sealed class TokenizerTestFiles : IDisposable
{
    public TokenizerTestFiles()
    {
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"amend-tokenizer-{Guid.NewGuid():N}")).FullName;
    }

    public string Directory { get; }

    /// <summary>Writes <paramref name="json"/> as <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, JsonNode json) => Write(name, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public string Write(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
