namespace Amend.Evaluation.Datasets;

/// <summary>Probe kinds some datasets add to KnowEdit's (<see cref="ProbeKinds"/>).</summary>
public static class DatasetProbeKinds
{
    /// <summary>Portability: EasyEdit's one-hop question built on the new fact ("New Question"/"New Answer").</summary>
    public const string OneHop = "One_Hop";

    /// <summary>Portability: MQuAKE's multi-hop questions, answered through all of the case's edits.</summary>
    public const string MultiHop = "Multi_Hop";

    /// <summary>Locality: CounterFact neighbourhood prompts prefixed with the edited fact (EasyEdit's "Other Attribution").</summary>
    public const string DistractingNeighborhood = "Distracting_Neighborhood";

    /// <summary>Locality: Sanitation's retain-set questions.</summary>
    public const string Retain = "Retain";
}
