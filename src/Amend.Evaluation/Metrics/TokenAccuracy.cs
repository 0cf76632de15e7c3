namespace Amend.Evaluation.Metrics;

/// <summary>EasyEdit's teacher-forced token accuracy (<see cref="MetricProtocol.TokenAccuracy"/>).</summary>
public static class TokenAccuracy
{
    /// <summary>100 · (number of i with predicted[i] == labels[i]) / labels.Length.</summary>
    /// <param name="predicted">Argmax token after each prefix of the answer (same length as labels).</param>
    /// <param name="labels">The answer's tokens.</param>
    /// <exception cref="ArgumentException">Lengths differ or the answer has no tokens.</exception>
    public static double Of(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (labels.IsEmpty) throw new ArgumentException("token accuracy needs at least one answer token", nameof(labels));
        if (predicted.Length != labels.Length) throw new ArgumentException($"token accuracy: {predicted.Length} predictions for {labels.Length} labels", nameof(predicted));
        int hits = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (predicted[i] == labels[i]) hits++;
        }

        return 100.0 * hits / labels.Length;
    }
}
