namespace Amend.Evaluation.Metrics;

/// <summary>
/// KnowEdit's ConvSent scores: edit success (<see cref="MetricProtocol.ConvSentEditSuccess"/>, EasyEdit's <c>es</c>)
/// and distribution drift (<see cref="MetricProtocol.KlDivergence"/>, EasyEdit's <c>kl_loc_loss</c>).
/// </summary>
public static class ConvSentScore
{
    /// <summary>
    /// 100 · sigmoid(t − o) · min(1, exp(t − tPre)): the target-sentiment answers must beat the others (sentiment)
    /// without becoming less likely than before the edit (topic).
    /// </summary>
    /// <param name="targetPost">Mean log-probability of the target-sentiment answers' tokens after the edit (t).</param>
    /// <param name="otherPost">Mean log-probability of the other answers' tokens after the edit (o).</param>
    /// <param name="targetPre">Mean log-probability of the target-sentiment answers' tokens before the edit (tPre).</param>
    public static double EditSuccess(double targetPost, double otherPost, double targetPre)
    {
        double sentiment = 1 / (1 + Math.Exp(-(targetPost - otherPost)));
        double topic = Math.Min(1, Math.Exp(targetPost - targetPre));
        return 100 * sentiment * topic;
    }

    /// <summary>KL(p ‖ q) = Σ p (log p − log q) in nats, with p = softmax(<paramref name="preLogits"/>) and q = softmax(<paramref name="postLogits"/>).</summary>
    /// <exception cref="ArgumentException">The two logit vectors differ in length or are empty.</exception>
    public static double KlDivergence(ReadOnlySpan<float> preLogits, ReadOnlySpan<float> postLogits)
    {
        if (preLogits.IsEmpty || preLogits.Length != postLogits.Length) throw new ArgumentException($"KL needs two logit vectors of one length, got {preLogits.Length} and {postLogits.Length}", nameof(postLogits));
        double logZp = LogSumExp(preLogits), logZq = LogSumExp(postLogits), kl = 0;
        for (int i = 0; i < preLogits.Length; i++)
        {
            double logP = preLogits[i] - logZp;
            kl += Math.Exp(logP) * (logP - (postLogits[i] - logZq));
        }

        return Math.Max(0, kl);
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (float v in logits) max = Math.Max(max, v);
        foreach (float v in logits) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
