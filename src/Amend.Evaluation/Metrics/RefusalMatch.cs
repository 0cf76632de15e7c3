namespace Amend.Evaluation.Metrics;

/// <summary>Sanitation's edit success (<see cref="MetricProtocol.RefusalMatch"/>), as EasyEdit's run_santinization compares.</summary>
public static class RefusalMatch
{
    /// <summary>100 when <paramref name="answer"/> contains <paramref name="refusal"/> ignoring case, else 0.</summary>
    public static double Of(string answer, string refusal)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentException.ThrowIfNullOrEmpty(refusal);
        return answer.Contains(refusal, StringComparison.OrdinalIgnoreCase) ? 100 : 0;
    }
}
