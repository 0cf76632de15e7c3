namespace Amend.Models.Tokenizers;

/// <summary>A tokenizer file is missing, malformed or uses a feature Amend does not implement.</summary>
/// <remarks>The message starts with the file's path, then names the field and what was wrong with it.</remarks>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception for the file at <paramref name="path"/>.</summary>
    public TokenizerFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
    }

    /// <summary>The file (or folder) that was rejected.</summary>
    public string Path { get; }
}
