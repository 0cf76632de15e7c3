namespace Amend.Tensors;

/// <summary>An operation was given tensors whose shapes, dtypes or indices it cannot accept.</summary>
/// <remarks>The message always starts with the operation's name, then says what disagreed.</remarks>
public sealed class TensorShapeException : ArgumentException
{
    /// <summary>Creates the exception for operation <paramref name="op"/>.</summary>
    public TensorShapeException(string op, string problem)
        : base($"{op}: {problem}")
    {
        Op = op;
    }

    /// <summary>The name of the operation that rejected its inputs.</summary>
    public string Op { get; }
}
