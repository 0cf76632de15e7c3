namespace Amend.Tensors.Linalg;

/// <summary>
/// The outcome of <see cref="Cholesky.FactorRegularized"/>: the factorisation of A + ε·I, with ε = 0
/// when A itself was positive definite.
/// </summary>
/// <param name="Factorization">The factorisation of A + <paramref name="AddedToDiagonal"/>·I.</param>
/// <param name="AddedToDiagonal">ε, the value added to every diagonal entry (0 when none was needed).</param>
/// <param name="Warning">Why and how much was added, for the editor's report; null when ε = 0.</param>
public sealed record RegularizedCholesky(Cholesky Factorization, double AddedToDiagonal, string? Warning)
{
    /// <summary>True when A was not positive definite and ε·I was added.</summary>
    public bool WasRegularized => AddedToDiagonal > 0;
}
