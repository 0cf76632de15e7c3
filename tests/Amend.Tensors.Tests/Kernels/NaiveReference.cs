namespace Amend.Tensors.Tests.Kernels;

/// <summary>
/// Textbook versions of the layer kernels: explicit loops in float64, no vectors, no threads. The optimised
/// kernels are compared against these.
/// </summary>
internal static class NaiveReference
{
    /// <summary>
    /// Φ(x) from the upper tail Q(a) = ∫ₐ^∞ φ, integrated by composite Simpson over [a, a + 12] (φ is
    /// below 1e-31 of φ(a) beyond): a sum of positive terms, so even Φ(−15) ≈ 4e-51 keeps its relative accuracy.
    /// </summary>
    public static double NormalCdf(double x) => x < 0 ? UpperTail(-x) : 1 - UpperTail(x);

    private static double UpperTail(double a)
    {
        const int intervals = 6000;
        const double h = 12.0 / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            double t = a + (i * h);
            sum += weight * Math.Exp(-t * t / 2);
        }

        return sum * h / 3 / Math.Sqrt(2 * Math.PI);
    }

    public static float[] Softmax(float[] x, int cols, bool log)
    {
        var y = new float[x.Length];
        for (int r = 0; r < x.Length / cols; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < cols; c++) max = Math.Max(max, x[(r * cols) + c]);
            for (int c = 0; c < cols; c++) sum += Math.Exp(x[(r * cols) + c] - max);
            for (int c = 0; c < cols; c++)
            {
                double shifted = x[(r * cols) + c] - max;
                y[(r * cols) + c] = (float)(log ? shifted - Math.Log(sum) : Math.Exp(shifted) / sum);
            }
        }

        return y;
    }

    public static float[] LayerNorm(float[] x, int cols, float[]? weight, float[]? bias, double eps)
    {
        var y = new float[x.Length];
        for (int r = 0; r < x.Length / cols; r++)
        {
            double mean = 0, variance = 0;
            for (int c = 0; c < cols; c++) mean += x[(r * cols) + c];
            mean /= cols;
            for (int c = 0; c < cols; c++) variance += Math.Pow(x[(r * cols) + c] - mean, 2);
            variance /= cols;
            for (int c = 0; c < cols; c++)
            {
                double normalized = (x[(r * cols) + c] - mean) / Math.Sqrt(variance + eps);
                y[(r * cols) + c] = (float)((normalized * (weight?[c] ?? 1)) + (bias?[c] ?? 0));
            }
        }

        return y;
    }

    public static float[] RmsNorm(float[] x, int cols, float[] weight, double eps)
    {
        var y = new float[x.Length];
        for (int r = 0; r < x.Length / cols; r++)
        {
            double meanSquare = 0;
            for (int c = 0; c < cols; c++) meanSquare += (double)x[(r * cols) + c] * x[(r * cols) + c];
            meanSquare /= cols;
            for (int c = 0; c < cols; c++) y[(r * cols) + c] = (float)(x[(r * cols) + c] / Math.Sqrt(meanSquare + eps) * weight[c]);
        }

        return y;
    }

    /// <summary>Per-row −log softmax(x)[t], 0 for ignored rows.</summary>
    public static double[] CrossEntropy(float[] logits, int classes, int[] targets, int ignoreIndex)
    {
        var losses = new double[targets.Length];
        for (int n = 0; n < targets.Length; n++)
        {
            if (targets[n] == ignoreIndex) continue;
            double max = double.NegativeInfinity, sum = 0;
            for (int v = 0; v < classes; v++) max = Math.Max(max, logits[(n * classes) + v]);
            for (int v = 0; v < classes; v++) sum += Math.Exp(logits[(n * classes) + v] - max);
            losses[n] = max + Math.Log(sum) - logits[(n * classes) + targets[n]];
        }

        return losses;
    }
}
