namespace Amend.Editing;

/// <summary>The probe kinds named by KnowEdit, used as keys of <see cref="EditRequest.Portability"/> and <see cref="EditRequest.Locality"/>.</summary>
public static class ProbeKinds
{
    /// <summary>Portability: the edit holds when the subject is named by an alias.</summary>
    public const string SubjectAliasing = "Subject_Aliasing";

    /// <summary>Portability: a multi-hop question whose answer follows from the edited fact.</summary>
    public const string Reasoning = "Reasoning";

    /// <summary>Portability: the inverse or a logically implied relation.</summary>
    public const string LogicalGeneralization = "Logical_Generalization";

    /// <summary>Locality: other relations of the same subject must not change.</summary>
    public const string RelationSpecificity = "Relation_Specificity";

    /// <summary>Locality: unrelated facts, including the edited object's own facts, must not change.</summary>
    public const string Forgetfulness = "Forgetfulness";

    /// <summary>Locality: facts about unrelated subjects (ROME's neighbourhood prompts, ZsRE's NQ questions).</summary>
    public const string Neighborhood = "Neighborhood";
}
