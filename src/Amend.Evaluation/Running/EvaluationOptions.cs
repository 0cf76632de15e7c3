namespace Amend.Evaluation.Running;

/// <summary>Which protocols a run measures besides KnowEdit's teacher-forced accuracy and locality (always on).</summary>
public sealed record EvaluationOptions
{
    /// <summary>Measure fluency (n-gram entropy of a generation from the edit prompt). KnowEdit does; default on.</summary>
    public bool Fluency { get; init; } = true;

    /// <summary>Total length in tokens, prompt included, of the fluency generation (EasyEdit's max_out_len, 100).</summary>
    public int FluencyLength { get; init; } = 100;

    /// <summary>0: greedy fluency generations (default); k &gt; 0: top-k sampling seeded by the case, as EasyEdit's generate_fast (k = 5).</summary>
    public int FluencyTopK { get; init; }

    /// <summary>Also measure ROME/MEMIT's probability protocol (P(new) vs P(true)), for cases with a ground truth.</summary>
    public bool Probability { get; init; }

    /// <summary>Also measure exact match of greedy generation on the edit prompt and its paraphrases.</summary>
    public bool ExactMatch { get; init; }

    /// <summary>New tokens of a Sanitation answer (EasyEdit generates 10 for the retain cache); the refusal must appear in them.</summary>
    public int AnswerTokens { get; init; } = 10;

    /// <summary>ConvSent locality scores the first this-many answers of the other topic (their full distributions are cached).</summary>
    public int ConvSentOuterAnswers { get; init; } = 4;

    /// <summary>The protocols this configuration measures (for the report header).</summary>
    public IReadOnlyList<string> Describe()
    {
        var names = new List<string> { "knowedit" };
        if (Fluency) names.Add(FluencyTopK > 0 ? $"fluency(top-{FluencyTopK})" : "fluency(greedy)");
        if (Probability) names.Add("rome-probability");
        if (ExactMatch) names.Add("exact-match");
        return names;
    }
}
