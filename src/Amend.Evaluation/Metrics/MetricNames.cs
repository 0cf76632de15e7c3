namespace Amend.Evaluation.Metrics;

/// <summary>The metric names scores carry (KnowEdit's columns; the protocol says how each was measured).</summary>
public static class MetricNames
{
    /// <summary>Edit success on the edit prompt itself (KnowEdit "Edit Succ.", ROME "efficacy").</summary>
    public const string Reliability = "reliability";

    /// <summary>Edit success on paraphrases of the prompt (ROME "paraphrase").</summary>
    public const string Generalization = "generalization";

    /// <summary>Answers that follow from the edit, per kind and overall.</summary>
    public const string Portability = "portability";

    /// <summary>Answers that must not change, per kind and overall (ROME "neighborhood").</summary>
    public const string Locality = "locality";

    /// <summary>Diversity of generated text after the edit.</summary>
    public const string Fluency = "fluency";

    /// <summary>The kind of a score averaged over every kind the case has.</summary>
    public const string Overall = "overall";
}
