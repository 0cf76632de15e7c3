namespace Amend.Editing.Shared;

/// <summary>
/// One answer token's probability at several values of an FFN intermediate activation, and its gradient there
/// (what <see cref="IntegratedGradients.Evaluate"/> returns, one row per activation it was given).
/// </summary>
/// <param name="Probabilities">p(answer | sequence, a ← activations[r]) for each row r.</param>
/// <param name="Gradients">∂p/∂a at each row's activation, each of the intermediate width.</param>
public sealed record ProbabilityGradients(IReadOnlyList<double> Probabilities, IReadOnlyList<float[]> Gradients);
