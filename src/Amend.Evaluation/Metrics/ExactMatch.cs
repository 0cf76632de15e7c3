namespace Amend.Evaluation.Metrics;

/// <summary>Greedy generation reproduces the answer (<see cref="MetricProtocol.GreedyExactMatch"/>).</summary>
public static class ExactMatch
{
    /// <summary>100 when <paramref name="generated"/> starts with every token of <paramref name="answer"/>, else 0.</summary>
    /// <exception cref="ArgumentException">The answer has no tokens.</exception>
    public static double Of(ReadOnlySpan<int> generated, ReadOnlySpan<int> answer)
    {
        if (answer.IsEmpty) throw new ArgumentException("exact match needs at least one answer token", nameof(answer));
        return generated.StartsWith(answer) ? 100 : 0;
    }
}
