namespace Amend.Editing.Shared;

/// <summary>Parses EasyEdit's fact_token strings.</summary>
public static class FactTokens
{
    /// <summary>"subject_last" → <see cref="FactToken.SubjectLast"/>, and so on.</summary>
    /// <exception cref="ArgumentException">An unknown value; the message lists the known ones.</exception>
    public static FactToken Parse(string value) => value switch
    {
        "subject_last" => FactToken.SubjectLast,
        "subject_first" => FactToken.SubjectFirst,
        "subject_first_after_last" => FactToken.SubjectFirstAfterLast,
        "last" => FactToken.Last,
        _ => throw new ArgumentException($"fact_token \"{value}\" is not one of subject_last, subject_first, subject_first_after_last, last", nameof(value)),
    };
}
