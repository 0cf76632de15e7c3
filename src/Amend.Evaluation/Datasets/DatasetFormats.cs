namespace Amend.Evaluation.Datasets;

/// <summary>The format names readers answer to (the values <c>--format</c> accepts).</summary>
public static class DatasetFormats
{
    /// <summary>KnowEdit's ZsRE, WikiData_recent, WikiData_counterfact and WikiBio files (and the toy-world benchmark).</summary>
    public const string KnowEdit = "knowedit";

    /// <summary>KnowEdit's ConvSent (blender_*.json: ent, pos, neg).</summary>
    public const string ConvSent = "convsent";

    /// <summary>KnowEdit's Sanitation (trivia_qa_*.json: success/locality or K_F/K_R).</summary>
    public const string Sanitation = "sanitation";

    /// <summary>EasyEdit's CounterFact splits (prompt, rephrase_prompt, locality_prompt...).</summary>
    public const string CounterFact = "counterfact";

    /// <summary>ROME's CounterFact records (requested_rewrite, paraphrase/neighborhood/attribute/generation prompts).</summary>
    public const string RomeCounterFact = "rome-counterfact";

    /// <summary>MEND's zsRE records (src, alt, answers, rephrase, loc, loc_ans).</summary>
    public const string MendZsre = "zsre-mend";

    /// <summary>MQuAKE (requested_rewrite list, multi-hop questions, new_answer).</summary>
    public const string MQuAKE = "mquake";
}
