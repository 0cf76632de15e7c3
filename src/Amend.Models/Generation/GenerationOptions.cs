namespace Amend.Models.Generation;

/// <summary>How to continue a prompt. The defaults give greedy decoding, as transformers' generate does.</summary>
public sealed record GenerationOptions
{
    /// <summary>Upper bound on new tokens per row.</summary>
    public int MaxNewTokens { get; init; } = 20;

    /// <summary>Softmax temperature; 0 means greedy (argmax), else sample from softmax(logits / T).</summary>
    public float Temperature { get; init; }

    /// <summary>Sample only among the K most likely tokens; 0 disables.</summary>
    public int TopK { get; init; }

    /// <summary>Sample only from the smallest set of tokens whose probability reaches P (nucleus); 1 disables.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Seed of the sampler's random generator (sampling only); same seed, same text.</summary>
    public int Seed { get; init; }

    /// <summary>A row ends when it produces one of these ids (the token is kept). Empty: never.</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>A row ends when its decoded continuation contains one of these strings (needs a tokenizer); the text is cut before it.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Checks the values before any work.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxNewTokens <= 0) throw new ArgumentException($"max new tokens must be positive, got {MaxNewTokens}");
        if (!(Temperature >= 0) || float.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be finite and ≥ 0, got {Temperature}");
        if (TopK < 0) throw new ArgumentException($"top-k must be ≥ 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top-p must be in (0, 1], got {TopP}");
        if (StopStrings.Any(string.IsNullOrEmpty)) throw new ArgumentException("stop strings must not be empty");
    }
}
