namespace Amend.Tensors.Linalg;

/// <summary>
/// Scaling by a power of two before a decomposition whose intermediate squares and sums would overflow
/// or underflow float64 (entries near 1e±160 and beyond), and back afterwards. A power of two changes no
/// digit, so within the safe range nothing is scaled and results are exactly as before.
/// </summary>
internal static class MagnitudeScaling
{
    // Largest entries between 2⁻⁴⁰⁰ and 2⁴⁰⁰ are left alone: their squares and n-term sums stay finite and normal.
    private const int SafeExponent = 400;

    /// <summary>The e for which 2ᵉ·max|x| lies in [1, 2), or 0 when max|x| is zero or already safe.</summary>
    public static int ExponentFor(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0) return 0;
        int exponent = Math.ILogB(largest);
        return Math.Abs(exponent) <= SafeExponent ? 0 : -exponent;
    }

    /// <summary>Multiplies every value by 2^<paramref name="exponent"/>, exactly.</summary>
    public static void Scale(Span<double> values, int exponent)
    {
        if (exponent == 0) return;
        for (int i = 0; i < values.Length; i++) values[i] = Math.ScaleB(values[i], exponent);
    }

    /// <summary>
    /// Undoes <see cref="Scale"/> on results (eigenvalues, singular values); a result that no longer fits
    /// in float64 is an error, not an ∞ passed on as an answer.
    /// </summary>
    public static void Unscale(string op, Span<double> values, int exponent)
    {
        Scale(values, -exponent);
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) throw new ArithmeticException($"{op}: a result ({v}) is beyond the range of float64; the matrix's entries are too large");
        }
    }
}
