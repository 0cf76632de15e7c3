namespace Amend.Tensors.Kernels;

// x, y, dy, dx: any shape (element-wise); mask: the same length
// maskᵢ = 0 with probability p, else 1/(1 − p), so E[y] = x;  y = x∘mask;  dx = dy∘mask

/// <summary>The random mask of inverted dropout.</summary>
internal static class DropoutKernel
{
    /// <summary>
    /// Draws <paramref name="length"/> mask values from <paramref name="random"/> in element order (serially,
    /// so a seeded generator always gives the same mask).
    /// </summary>
    public static float[] Mask(int length, float p, Random random)
    {
        var mask = new float[length];
        float keep = 1f / (1f - p);
        for (int i = 0; i < length; i++) mask[i] = random.NextDouble() < p ? 0f : keep;
        return mask;
    }
}
