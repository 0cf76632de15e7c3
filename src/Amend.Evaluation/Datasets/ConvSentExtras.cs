namespace Amend.Evaluation.Datasets;

/// <summary>
/// A KnowEdit ConvSent case: make the model answer questions about <see cref="Topic"/> with
/// <see cref="TargetSentiment"/>, leaving other topics alone.
/// </summary>
/// <param name="Topic">The entity ("ent").</param>
/// <param name="TargetSentiment">"positive" or "negative" (drawn from the run's seed).</param>
/// <param name="Question">An opinion question about the topic; the answers are scored after it.</param>
/// <param name="TargetAnswers">Answers with the target sentiment.</param>
/// <param name="OtherAnswers">Answers with the other sentiment.</param>
/// <param name="OuterQuestion">An opinion question about the next record's topic (locality).</param>
/// <param name="OuterAnswers">That topic's answers, both sentiments; their distribution must not move.</param>
public sealed record ConvSentExtras(
    string Topic,
    string TargetSentiment,
    string Question,
    IReadOnlyList<string> TargetAnswers,
    IReadOnlyList<string> OtherAnswers,
    string OuterQuestion,
    IReadOnlyList<string> OuterAnswers) : CaseExtras;
