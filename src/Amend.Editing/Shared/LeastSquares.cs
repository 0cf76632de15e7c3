using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>
/// MEMIT's batched key-value solve: the ΔW (d_out, d_in) that minimises
/// <code>‖ΔW·K − R‖² + λ·tr(ΔW·C·ΔWᵀ)</code>
/// for keys K (d_in, n), residuals R (d_out, n) and the keys' second moment C (d_in, d_in): ΔW = R·Aᵀ with the
/// adjusted keys A = (λ·C + K·Kᵀ)⁻¹·K. The λ·C term keeps the outputs of the keys the corpus sends through the layer.
/// All in float64, as the reference computes it.
/// </summary>
public static class LeastSquares
{
    /// <summary>A = (λ·C + K·Kᵀ)⁻¹·K, (d_in, n), through a Cholesky factorisation of the symmetric positive matrix.</summary>
    /// <param name="secondMoment">C, (d_in, d_in).</param>
    /// <param name="weight">λ, EasyEdit's mom2_update_weight (≥ 0).</param>
    /// <param name="keys">K, (d_in, n).</param>
    /// <param name="warnings">Receives a message when λ·C + K·Kᵀ had to be regularised to be factorised.</param>
    /// <exception cref="ArgumentException">The shapes disagree or λ is negative or not finite.</exception>
    public static Matrix64 AdjustedKeys(Matrix64 secondMoment, double weight, Matrix64 keys, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(secondMoment);
        ArgumentNullException.ThrowIfNull(keys);
        if (secondMoment.Rows != keys.Rows || secondMoment.Cols != keys.Rows)
        {
            throw new ArgumentException($"LeastSquares: second moment is {secondMoment.Rows}×{secondMoment.Cols} but the keys are {keys.Rows}-dimensional");
        }

        if (!(weight >= 0) || !double.IsFinite(weight)) throw new ArgumentException($"LeastSquares: mom2_update_weight must be finite and ≥ 0, got {weight}", nameof(weight));
        // One d_in × d_in matrix is made, λ·C, then K·Kᵀ is added to it and it is factored in place: at d_in = 16384
        // each copy is 2 GiB, and the product, the sum and the factor's copy were three.
        var system = secondMoment.Scale(weight);
        system.AddProduct(keys, false, keys, true);
        var factor = Cholesky.FactorRegularizedInPlace(system);
        if (factor.Warning is { } warning) warnings?.Add($"λ·C + K·Kᵀ: {warning}");
        return factor.Factorization.Solve(keys);
    }

    /// <summary>ΔW = R·Aᵀ, (d_out, d_in), for residuals R (d_out, n) and adjusted keys A (d_in, n).</summary>
    /// <exception cref="ArgumentException">R and A have different numbers of columns.</exception>
    public static Matrix64 Update(Matrix64 residuals, Matrix64 adjustedKeys)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(adjustedKeys);
        if (residuals.Cols != adjustedKeys.Cols) throw new ArgumentException($"LeastSquares: {residuals.Cols} residuals but {adjustedKeys.Cols} keys");
        return Matrix64.Multiply(residuals, false, adjustedKeys, true);
    }
}
