namespace Amend.Evaluation.Metrics;

/// <summary>
/// How a score was measured. Scores of different protocols are never averaged together: summaries and
/// tables group by (metric, kind, protocol).
/// </summary>
public enum MetricProtocol
{
    /// <summary>EasyEdit/KnowEdit: teacher-force prompt + " " + answer; the share of answer tokens that are the argmax after their prefix (partial credit), ×100.</summary>
    TokenAccuracy,

    /// <summary>KnowEdit locality: the share of post-edit argmax tokens (teacher-forced on prompt + " " + answer) equal to the pre-edit ones, ×100.</summary>
    ArgmaxAgreement,

    /// <summary>KnowEdit fluency: (2/3·H₂ + 4/3·H₃)/2 of the generated text's word bi- and tri-grams (log base 2), ×100.</summary>
    NGramEntropy,

    /// <summary>ROME/MEMIT: 100 when P(new) &gt; P(true) (efficacy, paraphrase) or P(true) &gt; P(new) (neighbourhood), with P = exp(−mean token NLL); else 0.</summary>
    ProbabilityComparison,

    /// <summary>ROME/MEMIT magnitude: (P(new) − P(true)) ×100, or (P(true) − P(new)) ×100 for neighbourhood prompts.</summary>
    ProbabilityMargin,

    /// <summary>100 when greedy decoding of as many tokens as the answer has reproduces the answer's tokens exactly; else 0.</summary>
    GreedyExactMatch,

    /// <summary>ConvSent edit success: sigmoid(ℓ̄ₜ − ℓ̄ₒ)·min(1, exp(ℓ̄ₜ − ℓ̄ₜ,pre)) ×100 over mean answer-token log-probabilities (t: target sentiment, o: other).</summary>
    ConvSentEditSuccess,

    /// <summary>ConvSent locality: mean over answer tokens of KL(pre ‖ post) of the next-token distributions, in nats (lower is better).</summary>
    KlDivergence,

    /// <summary>Sanitation: 100 when the greedy answer contains the refusal (case-insensitive); else 0.</summary>
    RefusalMatch,

    /// <summary>Sanitation retain set: the share of positions where the post-edit greedy answer's tokens equal the pre-edit one's, over the pre-edit length, ×100.</summary>
    GenerationAgreement,
}
