namespace Amend.Tensors.Autograd;

/// <summary>One recorded operation: its kind, its inputs, and what its backward needs (released after use).</summary>
internal sealed class Node(OpKind kind, Tensor[] inputs, object? context)
{
    public OpKind Kind { get; } = kind;

    public Tensor[] Inputs { get; private set; } = inputs;

    public object? Context { get; private set; } = context;

    public bool IsReleased { get; private set; }

    /// <summary>Drops the references to inputs and saved values so backward frees intermediates as it goes.</summary>
    public void Release()
    {
        Inputs = [];
        Context = null;
        IsReleased = true;
    }

    /// <summary>The saved context, typed; throws if the node was already used by a backward pass.</summary>
    public T ContextAs<T>()
        where T : class
        => Context as T ?? throw new InvalidOperationException($"backward of {Kind}: its saved values are gone (was backward already run through this graph?)");
}
