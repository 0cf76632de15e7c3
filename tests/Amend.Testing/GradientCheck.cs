using Amend.Tensors.Autograd;

namespace Amend.Testing;

/// <summary>
/// Checks autograd against central finite differences. The scalar probed is L = Σ wᵢ·yᵢ with fixed random
/// weights w, so every output element contributes; its analytic gradient comes from Backward(seed: w).
/// </summary>
/// <remarks>
/// Forward passes run in float32. With step h the central difference has truncation error O(h²·f''') and
/// rounding error about ε₃₂·|L|/h (ε₃₂ ≈ 6e-8); h = 1e-2 keeps both near 1e-4·scale, hence the default
/// tolerance atol = 2e-3, rtol = 1e-2 (tighten per op where its curvature allows). The largest finite-difference
/// gradient must be at least 10·atol, or a backward returning zeros would pass: small gradients need a smaller atol.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Asserts that the gradients of <paramref name="function"/> at <paramref name="inputs"/> match finite differences.</summary>
    public static void Assert(Func<Tensor[], Tensor> function, Tensor[] inputs, double step = 1e-2, double rtol = 1e-2, double atol = 2e-3, int seed = 7)
    {
        var leaves = inputs.Select(t => Tensor.Wrap(t.ToArray(), t.Shape).RequireGrad()).ToArray();
        var output = function(leaves);
        var weights = Tensor.Randn(output.Shape, new Random(seed));
        var gradients = output.Backward(weights);
        var w = weights.ToArray();

        double largest = 0;
        for (int input = 0; input < inputs.Length; input++)
        {
            var analytic = gradients.Get(leaves[input])?.ToArray() ?? new float[inputs[input].ElementCount];
            var numeric = Numeric(function, leaves, input, w, step);
            TensorAssert.Close(numeric, analytic, rtol, atol, $"gradient of input {input} {inputs[input].Shape}");
            largest = Math.Max(largest, numeric.Length == 0 ? 0 : numeric.Max(Math.Abs));
        }

        // Gradients all within atol of zero would pass against a backward that returns zeros: the check must have signal.
        Xunit.Assert.True(largest >= 10 * atol, $"the largest finite-difference gradient is {largest:G3}, within 10·atol ({atol:G3}) of zero: scale the inputs or tighten atol so the check can fail");
    }

    private static float[] Numeric(Func<Tensor[], Tensor> function, Tensor[] leaves, int input, float[] weights, double step)
    {
        var point = leaves.Select(t => t.ToArray()).ToArray();
        var result = new float[point[input].Length];
        using var noGrad = GradMode.Disable();
        for (int j = 0; j < result.Length; j++)
        {
            float original = point[input][j];
            point[input][j] = (float)(original + step);
            double plus = Loss(function, leaves, point, weights);
            point[input][j] = (float)(original - step);
            double minus = Loss(function, leaves, point, weights);
            point[input][j] = original;
            result[j] = (float)((plus - minus) / (2 * step));
        }

        return result;
    }

    private static double Loss(Func<Tensor[], Tensor> function, Tensor[] leaves, float[][] point, float[] weights)
    {
        var args = leaves.Select((t, i) => Tensor.Wrap((float[])point[i].Clone(), t.Shape)).ToArray();
        var y = function(args).ToArray();
        double loss = 0;
        for (int i = 0; i < y.Length; i++) loss += (double)y[i] * weights[i];
        return loss;
    }
}
