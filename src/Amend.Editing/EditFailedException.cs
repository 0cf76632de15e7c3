namespace Amend.Editing;

/// <summary>An edit that was computed but rejected (non-finite values, a failed solve). The model was left unchanged.</summary>
public sealed class EditFailedException : Exception
{
    /// <summary>Creates the error for <paramref name="method"/>.</summary>
    public EditFailedException(string method, string message, Exception? inner = null)
        : base($"{method} edit rejected, model unchanged: {message}", inner)
    {
        Method = method;
    }

    /// <summary>The method whose edit failed.</summary>
    public string Method { get; }
}
