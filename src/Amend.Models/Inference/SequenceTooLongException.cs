namespace Amend.Models.Inference;

/// <summary>
/// A forward pass was given more tokens than the model has positions for. Callers that run many inputs
/// (a benchmark) catch it to report the one input as failed and go on with the rest.
/// </summary>
public sealed class SequenceTooLongException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="tokens"/> tokens against <paramref name="positions"/> positions.</summary>
    public SequenceTooLongException(int tokens, int positions, string modelType)
        : base($"{tokens} tokens exceed the {positions} positions this {modelType} model supports", "batch")
    {
        Tokens = tokens;
        Positions = positions;
        ModelType = modelType;
    }

    /// <summary>Tokens the forward pass was given, cached ones included.</summary>
    public int Tokens { get; }

    /// <summary>Positions the model supports.</summary>
    public int Positions { get; }

    /// <summary>The model's config.json model_type.</summary>
    public string ModelType { get; }

    /// <summary>The sentence alone: it is shown per failed case, where " (Parameter 'batch')" would only name our code.</summary>
    public override string Message => $"{Tokens} tokens exceed the {Positions} positions this {ModelType} model supports";
}
