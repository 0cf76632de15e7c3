using Amend.Models.Architectures;

namespace Amend.Editing.Shared;

/// <summary>
/// ROME's rank-one weight change ΔW = u·vᵀ, which moves the output for key k* to v* while changing the output for a
/// key k only by (k·u)·v: v = (v* − W·k* − b)/(k*·u), so (W + ΔW)·k* + b = v* exactly.
/// </summary>
public static class RankOneUpdate
{
    /// <summary>k*·u, the division factor; tiny when u (with the second-moment adjustment C⁻¹k) is nearly orthogonal to k*.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double DivisionFactor(Tensor key, Tensor left)
    {
        float[] k = Vector(key, nameof(key)), u = Vector(left, nameof(left));
        if (k.Length != u.Length) throw new ArgumentException($"RankOneUpdate: key ({k.Length}) and left vector ({u.Length}) differ in length");
        double dot = 0;
        for (int i = 0; i < k.Length; i++) dot += (double)k[i] * u[i];
        return dot;
    }

    /// <summary>The right vector v = (target − current)/(key·left), (d_out).</summary>
    /// <param name="target">v*, the value the edited weight must produce, (d_out).</param>
    /// <param name="current">The unedited output W·k* + b, (d_out).</param>
    /// <param name="key">k*, (d_in).</param>
    /// <param name="left">u, (d_in).</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="ArithmeticException">key·left is zero or not finite, so no rank-one change along u reaches v*.</exception>
    public static Tensor RightVector(Tensor target, Tensor current, Tensor key, Tensor left)
    {
        float[] t = Vector(target, nameof(target)), c = Vector(current, nameof(current));
        if (t.Length != c.Length) throw new ArgumentException($"RankOneUpdate: target ({t.Length}) and current value ({c.Length}) differ in length");
        double factor = DivisionFactor(key, left);
        if (factor == 0 || !double.IsFinite(factor)) throw new ArithmeticException($"RankOneUpdate: the key and the left vector give k·u = {factor}; the update is undefined");
        var v = new float[t.Length];
        for (int i = 0; i < v.Length; i++) v[i] = (float)((t[i] - (double)c[i]) / factor);
        return Tensor.Wrap(v, new Shape(v.Length));
    }

    /// <summary>ΔW = u·vᵀ in the weight's own layout: (in, out) for <see cref="WeightLayout.InByOut"/> (GPT-2 Conv1D), (out, in) for <see cref="WeightLayout.OutByIn"/> (Linear).</summary>
    public static Tensor Matrix(Tensor left, Tensor right, WeightLayout layout)
    {
        float[] u = Vector(left, nameof(left)), v = Vector(right, nameof(right));
        var (rows, cols) = layout == WeightLayout.InByOut ? (u, v) : (v, u);
        var data = new float[rows.Length * cols.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < cols.Length; j++) data[(i * cols.Length) + j] = rows[i] * cols[j];
        }

        return Tensor.Wrap(data, new Shape(rows.Length, cols.Length));
    }

    private static float[] Vector(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.Rank != 1) throw new ArgumentException($"RankOneUpdate: {name} must be a vector, got shape {tensor.Shape}", name);
        return tensor.ToArray();
    }
}
