namespace Amend.Models.Layers;

/// <summary>Reshaping between the residual layout (B, T, H·D) and the per-head layout (B, H, T, D).</summary>
internal static class AttentionHeads
{
    // x: (B, T, H·D) → (B, H, T, D), a view
    public static Tensor Split(Tensor x, int heads)
    {
        int b = x.Shape[0], t = x.Shape[1], d = x.Shape[2] / heads;
        return x.Reshape(b, t, heads, d).Permute(0, 2, 1, 3);
    }

    // y: (B, H, T, D) → (B, T, H·D)
    public static Tensor Merge(Tensor y)
    {
        int b = y.Shape[0], h = y.Shape[1], t = y.Shape[2], d = y.Shape[3];
        return y.Permute(0, 2, 1, 3).Reshape(b, t, h * d);
    }
}
