namespace Amend.Editing.Tests;

/// <summary>Direction-and-size comparisons of float vectors against goldens, with a diagnostic on failure.</summary>
internal static class GoldenAssert
{
    /// <summary>Cosine and ‖actual‖/‖expected‖ of two vectors.</summary>
    public static (double Cosine, double NormRatio) Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double dot = 0, ee = 0, aa = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            dot += (double)expected[i] * actual[i];
            ee += (double)expected[i] * expected[i];
            aa += (double)actual[i] * actual[i];
        }

        return (dot / Math.Sqrt(ee * aa), Math.Sqrt(aa / ee));
    }

    /// <summary>Passes when cosine ≥ <paramref name="minCosine"/> and the norm ratio is within <paramref name="normTolerance"/> of 1.</summary>
    public static void SameDirection(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double minCosine = 0.99, double normTolerance = 0.05)
    {
        var (cosine, ratio) = Compare(expected, actual);
        if (cosine >= minCosine && Math.Abs(ratio - 1) <= normTolerance) return;
        int worst = 0;
        for (int i = 1; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > Math.Abs(expected[worst] - actual[worst])) worst = i;
        }

        Assert.Fail($"{what}: cosine {cosine:F5} (need ≥ {minCosine}), norm ratio {ratio:F4} (need 1 ± {normTolerance}); " +
            $"max |diff| {Math.Abs(expected[worst] - actual[worst]):G4} at index {worst}: expected {expected[worst]}, actual {actual[worst]}");
    }
}
