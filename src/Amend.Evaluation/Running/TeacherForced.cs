namespace Amend.Evaluation.Running;

/// <summary>
/// The model's view of an answer after a prompt, read from one teacher-forced pass over prompt + " " + answer
/// (EasyEdit's tokenisation: the answer's tokens are those of the joined text after the prompt's own token count).
/// </summary>
/// <param name="Labels">The answer's tokens.</param>
/// <param name="Predicted">The argmax token after each prefix (what the model would say at each answer position).</param>
/// <param name="LogProbs">log P(label) at each answer position.</param>
/// <param name="Logits">Each answer position's full next-token logits, when asked for (ConvSent's KL); else null.</param>
internal sealed record TeacherForced(int[] Labels, int[] Predicted, double[] LogProbs, float[][]? Logits = null)
{
    /// <summary>Whether the answer produced no token after the prompt (nothing to score).</summary>
    public bool IsEmpty => Labels.Length == 0;
}
