using System.Text;

namespace Amend.Testing;

/// <summary>Element-wise comparisons that explain a failure: the largest difference, where it is, and the first pairs.</summary>
public static class TensorAssert
{
    /// <summary>Passes when |expected - actual| ≤ atol + rtol·|expected| everywhere.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol = 1e-5, double atol = 1e-6, string what = "values")
    {
        if (expected.Length != actual.Length) Assert.Fail($"{what}: expected {expected.Length} elements, got {actual.Length}");
        int worst = -1, failures = 0;
        double worstExcess = 0, worstDiff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            double allowed = atol + (rtol * Math.Abs(expected[i]));
            bool bad = !(diff <= allowed);
            if (bad) failures++;
            if (bad && (worst < 0 || diff - allowed > worstExcess || double.IsNaN(diff)))
            {
                (worst, worstExcess, worstDiff) = (i, diff - allowed, diff);
            }
        }

        if (failures == 0) return;
        var message = new StringBuilder();
        message.Append($"{what}: {failures} of {expected.Length} elements differ beyond rtol={rtol}, atol={atol}; ");
        message.Append($"max excess at index {worst}: expected {expected[worst]}, actual {actual[worst]} (|diff| {worstDiff:G4}). First pairs:");
        for (int i = 0; i < Math.Min(6, expected.Length); i++) message.Append($" [{i}] {expected[i]} vs {actual[i]};");
        Assert.Fail(message.ToString());
    }

    /// <summary>Compares two tensors' shapes and values.</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6, string what = "tensor")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Close(expected.ToArray(), actual.ToArray(), rtol, atol, what);
    }
}
