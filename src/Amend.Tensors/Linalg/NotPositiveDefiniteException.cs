namespace Amend.Tensors.Linalg;

/// <summary>
/// A Cholesky factorisation met a pivot that is not safely positive: the matrix is indefinite, or only
/// positive semi-definite (singular) to working precision.
/// </summary>
public sealed class NotPositiveDefiniteException : ArithmeticException
{
    private const string DefaultAdvice = "a covariance that is only semi-definite can be factored with Cholesky.FactorRegularized, which adds εI";

    /// <summary>Creates the exception for the failing pivot; <paramref name="advice"/> replaces the default hint.</summary>
    public NotPositiveDefiniteException(int pivot, double pivotValue, double diagonalValue, string? advice = null)
        : base($"Cholesky: the matrix is not positive definite: pivot {pivot} is {pivotValue:G6} after elimination " +
               $"(its diagonal entry is {diagonalValue:G6}); {advice ?? DefaultAdvice}")
    {
        Pivot = pivot;
        PivotValue = pivotValue;
        DiagonalValue = diagonalValue;
    }

    /// <summary>Zero-based row/column of the failing pivot.</summary>
    public int Pivot { get; }

    /// <summary>The value under the square root at that pivot (≤ 0, NaN, or at rounding level).</summary>
    public double PivotValue { get; }

    /// <summary>The diagonal entry a_jj of the input at that pivot.</summary>
    public double DiagonalValue { get; }
}
