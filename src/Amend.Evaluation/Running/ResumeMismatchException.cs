namespace Amend.Evaluation.Running;

/// <summary>
/// An interrupted run's finished cases do not fit the run resuming from them: the cases are not whole groups at the
/// start of a sequential run, or replaying their edits does not reach the edits that run had applied (another model,
/// method or settings). Resuming again cannot help; the interrupted run's file must be set aside.
/// </summary>
public sealed class ResumeMismatchException : IOException
{
    /// <summary>Creates the exception with its message.</summary>
    public ResumeMismatchException(string message)
        : base(message)
    {
    }
}
