namespace Amend.Evaluation.Metrics;

/// <summary>
/// ROME/MEMIT's probability protocol on mean token negative log-likelihoods of two answers after one prompt
/// (<see cref="MetricProtocol.ProbabilityComparison"/>, <see cref="MetricProtocol.ProbabilityMargin"/>).
/// </summary>
public static class ProbabilityComparison
{
    /// <summary>100 when the preferred answer is more likely (mean NLL strictly lower), else 0.</summary>
    /// <param name="preferredNll">Mean per-token NLL of the answer that should win (target_new for efficacy, the true answer for neighbourhood).</param>
    /// <param name="otherNll">Mean per-token NLL of the other answer.</param>
    public static double Success(double preferredNll, double otherNll) => preferredNll < otherNll ? 100 : 0;

    /// <summary>100 · (exp(−preferredNll) − exp(−otherNll)): ROME's magnitude, positive when the preferred answer wins.</summary>
    public static double Margin(double preferredNll, double otherNll) => 100 * (Math.Exp(-preferredNll) - Math.Exp(-otherNll));

    /// <summary>The mean negative log-probability of an answer's tokens.</summary>
    /// <exception cref="ArgumentException">No tokens.</exception>
    public static double MeanNll(ReadOnlySpan<double> tokenLogProbs)
    {
        if (tokenLogProbs.IsEmpty) throw new ArgumentException("an answer needs at least one token", nameof(tokenLogProbs));
        double sum = 0;
        foreach (double lp in tokenLogProbs) sum -= lp;
        return sum / tokenLogProbs.Length;
    }
}
