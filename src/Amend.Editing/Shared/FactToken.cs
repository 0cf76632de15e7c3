namespace Amend.Editing.Shared;

/// <summary>Which token's hidden state carries the fact (EasyEdit's fact_token).</summary>
public enum FactToken
{
    /// <summary>The subject's last token ("subject_last"): ROME's and MEMIT's choice.</summary>
    SubjectLast,

    /// <summary>The subject's first token ("subject_first").</summary>
    SubjectFirst,

    /// <summary>The token after the subject, or its last token when nothing follows ("subject_first_after_last").</summary>
    SubjectFirstAfterLast,

    /// <summary>The prompt's last token ("last").</summary>
    Last,
}
