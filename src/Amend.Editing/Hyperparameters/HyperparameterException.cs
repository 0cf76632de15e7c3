namespace Amend.Editing.Hyperparameters;

/// <summary>A hyperparameter file or value that cannot be used; the message names the file and the key.</summary>
public sealed class HyperparameterException : Exception
{
    /// <summary>Creates the error.</summary>
    public HyperparameterException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
