using Amend.Tensors.Autograd;

namespace Amend.Tensors.Optim;

/// <summary>Gradient clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c> with norm_type 2.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the global norm ‖g‖ = √(Σ over parameters of Σ g²) of the gradients that
    /// <paramref name="parameters"/> have in <paramref name="gradients"/> (accumulated in double), and when
    /// c = maxNorm / (‖g‖ + 1e-6) is below 1 replaces each of those gradients by c·g (new tensors; earlier
    /// ones are not modified, since gradients may share storage). Parameters without a gradient are
    /// skipped; a parameter listed twice is counted once.
    /// </summary>
    /// <returns>The global norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not a positive finite number.</exception>
    /// <exception cref="InvalidOperationException">The norm is NaN or ∞ and <paramref name="errorIfNonFinite"/> is set; otherwise, as in torch, a NaN norm makes every gradient NaN, and an infinite one makes the finite entries zero and the infinite ones NaN.</exception>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, GradientStore gradients, double maxNorm, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(maxNorm > 0) || double.IsInfinity(maxNorm)) throw new ArgumentOutOfRangeException(nameof(maxNorm), $"ClipByGlobalNorm: maxNorm must be positive and finite, got {maxNorm}");
        var all = parameters.ToArray();
        int missing = Array.IndexOf(all, null);
        if (missing >= 0) throw new ArgumentException($"ClipByGlobalNorm: parameter {missing} is null", nameof(parameters));
        var withGradients = all.DistinctBy(p => p.Id).Where(p => gradients.Get(p) is not null).ToArray();
        double sumOfSquares = 0;
        foreach (var p in withGradients)
        {
            foreach (float g in gradients[p].AsReadOnlySpan()) sumOfSquares += (double)g * g;
        }

        double total = Math.Sqrt(sumOfSquares);
        if (errorIfNonFinite && !double.IsFinite(total)) throw new InvalidOperationException($"ClipByGlobalNorm: the global gradient norm is {total}, so it cannot be clipped; check the loss for NaN/∞");
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient >= 1) return total;
        foreach (var p in withGradients)
        {
            var scaled = gradients[p].ToArray();
            System.Numerics.Tensors.TensorPrimitives.Multiply(scaled, (float)coefficient, scaled);
            gradients.Take(p, out _);
            gradients.Accumulate(p, Tensor.Wrap(scaled, p.Shape));
        }

        return total;
    }
}
