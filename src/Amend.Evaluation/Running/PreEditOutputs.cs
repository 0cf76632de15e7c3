namespace Amend.Evaluation.Running;

/// <summary>What a case needs from the unedited model, computed once before any edit touches it.</summary>
/// <param name="Locality">Pre-edit argmax tokens of each locality probe, by kind, in probe order.</param>
/// <param name="RetainAnswers">Sanitation: pre-edit greedy answer tokens of each retain question; empty otherwise.</param>
/// <param name="ConvSentTargetLogProb">ConvSent: mean log-probability of the target-sentiment answers' tokens; NaN otherwise.</param>
/// <param name="ConvSentOuterLogits">ConvSent: next-token logits at each token of the other topic's answers, one set of rows per answer, kept on disk; empty otherwise.</param>
internal sealed record PreEditOutputs(
    IReadOnlyDictionary<string, IReadOnlyList<int[]>> Locality,
    IReadOnlyList<int[]> RetainAnswers,
    double ConvSentTargetLogProb,
    IReadOnlyList<SpilledRows> ConvSentOuterLogits);
