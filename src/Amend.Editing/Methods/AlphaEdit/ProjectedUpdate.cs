using Amend.Tensors.Linalg;

namespace Amend.Editing.Methods.AlphaEdit;

/// <summary>
/// AlphaEdit's solve (EasyEdit's <c>execute_AlphaEdit</c>): with the null-space projector P, keys K (d_in, n), residuals
/// R (d_out, n) and the accumulated keys of earlier edits K_p·K_pᵀ,
/// <code>ΔWᵀ = (P·(K·Kᵀ + K_p·K_pᵀ) + L2·I)⁻¹ · P·K·Rᵀ</code>
/// so ΔW = R·Kᵀ·P·(… )⁻ᵀ. The solution lies in P's range (ΔW = ΔW·P): the outputs of keys outside the null space,
/// the ones the corpus statistics say the layer uses, do not change.
/// </summary>
internal static class ProjectedUpdate
{
    /// <summary>ΔW (d_out, d_in), in float64 (EasyEdit solves in float32).</summary>
    /// <exception cref="SingularMatrixException">The projected system is singular (only when L2 is tiny).</exception>
    public static Matrix64 Solve(Matrix64 projector, Matrix64 keys, Matrix64 residuals, Matrix64 accumulated, double l2)
    {
        // Sums and the ridge go into matrices already made: each d_in × d_in copy is 2 GiB at d_in = 16384.
        var memory = accumulated.Clone();
        memory.AddProduct(keys, false, keys, true);
        var system = projector.Multiply(memory);
        for (int i = 0; i < system.Rows; i++) system[i, i] += l2;
        var rightSide = projector.Multiply(Matrix64.Multiply(keys, false, residuals, true));
        return LinearSolve.Solve(system, rightSide).Transpose();
    }
}
