namespace Amend.Models.Generation;

/// <summary>Chooses the next token from one row of logits: argmax, or a draw after temperature, top-k and top-p filtering.</summary>
internal sealed class TokenSampler(GenerationOptions options)
{
    private readonly Random _random = new(options.Seed);

    public int Next(ReadOnlySpan<float> logits) => options.Temperature == 0 ? ArgMax(logits) : Draw(logits);

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best]) best = i;
        }

        return best;
    }

    // Filters as transformers' TopKLogitsWarper then TopPLogitsWarper: keep the K best, then the most likely
    // tokens until their cumulative probability reaches P (always at least one), renormalise, draw.
    private int Draw(ReadOnlySpan<float> logits)
    {
        var order = Enumerable.Range(0, logits.Length).ToArray();
        var scaled = new double[logits.Length];
        // In double: a temperature near float's smallest would make float quotients infinite, and ∞ − ∞ the weights NaN.
        for (int i = 0; i < logits.Length; i++) scaled[i] = logits[i] / (double)options.Temperature;
        Array.Sort(order, (a, b) => scaled[b].CompareTo(scaled[a]));
        int keep = options.TopK > 0 ? Math.Min(options.TopK, order.Length) : order.Length;

        double max = scaled[order[0]];
        var weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) total += weights[i] = Math.Exp(scaled[order[i]] - max);

        double cumulative = 0;
        int nucleus = 0;
        while (nucleus < keep && (nucleus == 0 || cumulative < options.TopP * total)) cumulative += weights[nucleus++];

        double draw = _random.NextDouble() * cumulative;
        for (int i = 0; i < nucleus; i++)
        {
            draw -= weights[i];
            if (draw < 0) return order[i];
        }

        return order[nucleus - 1];
    }
}
