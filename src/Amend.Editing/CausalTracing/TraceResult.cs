namespace Amend.Editing.CausalTracing;

/// <summary>
/// The outcome of one causal trace: for each prompt token (rows) and layer (columns), the answer's probability
/// when that state is restored into the corrupted run. Indirect effect = score - <see cref="CorruptedProbability"/>.
/// </summary>
/// <param name="Tokens">The prompt's tokens as text, one per row (BOS included when the tokenizer adds one).</param>
/// <param name="SubjectStart">First subject token (rows marked '*' in figures).</param>
/// <param name="SubjectEnd">One past the last subject token.</param>
/// <param name="Kind">What was restored.</param>
/// <param name="Window">Layers restored together around each column's layer.</param>
/// <param name="Scores">Answer probability after restoring (token, layer): shape (Tokens.Length, layers), averaged over samples.</param>
/// <param name="CleanProbability">Answer probability of the uncorrupted prompt.</param>
/// <param name="CorruptedProbability">Answer probability with the subject corrupted and nothing restored (mean over samples).</param>
/// <param name="AnswerId">The answer token: the clean prediction, or the target's first token.</param>
/// <param name="Answer">The answer token as text.</param>
/// <param name="NoiseStd">The absolute standard deviation of the noise added to the subject's embeddings.</param>
/// <param name="Samples">Noisy copies averaged per score.</param>
public sealed record TraceResult(
    string[] Tokens,
    int SubjectStart,
    int SubjectEnd,
    CausalTraceKind Kind,
    int Window,
    double[,] Scores,
    double CleanProbability,
    double CorruptedProbability,
    int AnswerId,
    string Answer,
    double NoiseStd,
    int Samples)
{
    /// <summary>Number of layers (columns).</summary>
    public int Layers => Scores.GetLength(1);

    /// <summary>The subject's last token, where ROME reads the decisive MLP effect.</summary>
    public int SubjectLast => SubjectEnd - 1;

    /// <summary>Restored minus corrupted probability at (token, layer).</summary>
    public double IndirectEffect(int token, int layer) => Scores[token, layer] - CorruptedProbability;

    /// <summary>The layer whose restoration at <paramref name="token"/> raises the answer's probability most (first on ties).</summary>
    public int BestLayer(int token)
    {
        int best = 0;
        for (int layer = 1; layer < Layers; layer++)
        {
            if (Scores[token, layer] > Scores[token, best]) best = layer;
        }

        return best;
    }
}
