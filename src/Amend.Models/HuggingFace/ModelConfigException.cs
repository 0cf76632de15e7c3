namespace Amend.Models.HuggingFace;

/// <summary>A model configuration (config.json) is missing, malformed or contradictory.</summary>
public sealed class ModelConfigException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>The configuration file at fault.</summary>
    public string FilePath { get; } = path;
}
