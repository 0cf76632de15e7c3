namespace Amend.Editing.Shared;

/// <summary>
/// Turns a failed linear solve inside an edit (a singular or non-positive-definite system, non-finite keys or
/// statistics, a result beyond float64) into the <see cref="EditFailedException"/> the editing contract promises,
/// so a benchmark records the case as failed and goes on instead of ending the run.
/// </summary>
internal static class SolveFailures
{
    /// <summary>Runs <paramref name="solve"/>; <paramref name="what"/> says which solve in the message ("layer 17").</summary>
    /// <exception cref="EditFailedException">The solve threw an arithmetic or argument error (requests' own errors pass through).</exception>
    public static T Run<T>(string method, string what, Func<T> solve)
    {
        try
        {
            return solve();
        }
        catch (Exception e) when (e is ArithmeticException || (e is ArgumentException && e is not EditRequestException))
        {
            throw new EditFailedException(method, $"{what}: {e.Message}", e);
        }
    }
}
