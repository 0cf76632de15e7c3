namespace Amend.Editing.Journal;

/// <summary>One weight an journaled edit changed.</summary>
/// <param name="Name">Checkpoint name.</param>
/// <param name="Shape">The weight's dimensions.</param>
/// <param name="DType">The weight's storage dtype before the edit ("Float32", "BFloat16"...).</param>
/// <param name="DeltaNorm">Frobenius norm of the delta, for listings.</param>
public sealed record JournalParameter(string Name, int[] Shape, string DType, double DeltaNorm);
