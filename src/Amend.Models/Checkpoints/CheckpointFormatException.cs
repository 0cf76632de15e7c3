namespace Amend.Models.Checkpoints;

/// <summary>
/// A checkpoint file or folder cannot be read: truncated or garbled safetensors, an index that names
/// missing shards, an unsupported dtype, or a format Amend refuses to load (PyTorch pickle).
/// </summary>
/// <remarks>The message always starts with the path, then says what is wrong and, where possible, how to fix it.</remarks>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception for the file or folder at <paramref name="path"/>.</summary>
    public CheckpointFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder that could not be read.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
