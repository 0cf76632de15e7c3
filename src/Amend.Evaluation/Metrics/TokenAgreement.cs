namespace Amend.Evaluation.Metrics;

/// <summary>
/// Agreement of post-edit tokens with pre-edit ones, position by position: KnowEdit's locality
/// (<see cref="MetricProtocol.ArgmaxAgreement"/>) and Sanitation's retain check (<see cref="MetricProtocol.GenerationAgreement"/>).
/// </summary>
public static class TokenAgreement
{
    /// <summary>
    /// 100 · (number of i &lt; min(|pre|, |post|) with pre[i] == post[i]) / |pre|, e.g. [29,234,334] vs [29,234,333]
    /// gives 66.67; a shorter post sequence counts its missing positions as changed.
    /// </summary>
    /// <exception cref="ArgumentException">The pre-edit sequence is empty.</exception>
    public static double Of(ReadOnlySpan<int> pre, ReadOnlySpan<int> post)
    {
        if (pre.IsEmpty) throw new ArgumentException("token agreement needs at least one pre-edit token", nameof(pre));
        int same = 0, n = Math.Min(pre.Length, post.Length);
        for (int i = 0; i < n; i++)
        {
            if (pre[i] == post[i]) same++;
        }

        return 100.0 * same / pre.Length;
    }
}
