namespace Amend.Editing.Journal;

/// <summary>A journal that cannot be read, or that does not match the model it is applied to; the message names the file and the weight.</summary>
public sealed class JournalException : Exception
{
    /// <summary>Creates the error.</summary>
    public JournalException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
