using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Scaled dot-product attention.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Attention of <paramref name="query"/> (B, Hq, T, D) over <paramref name="key"/> (B, Hkv, S, D) and
    /// <paramref name="value"/> (B, Hkv, S, Dv): out = softmax(scale·q·kᵀ + mask)·v, of shape (B, Hq, T, Dv).
    /// Grouped-query attention: Hq must be a multiple of Hkv, and query head h reads key/value head
    /// h / (Hq / Hkv), as Hugging Face's <c>repeat_kv</c>.
    /// </summary>
    /// <param name="query">Queries, (B, Hq, T, D); transposed views of (B, T, Hq, D) are read in place.</param>
    /// <param name="key">Keys, (B, Hkv, S, D).</param>
    /// <param name="value">Values, (B, Hkv, S, Dv).</param>
    /// <param name="keyPaddingMask">Optional (B, S): non-zero = the key may be attended, 0 = padding. Not differentiated.</param>
    /// <param name="causal">
    /// When true, query t sees keys j ≤ t + (S − T): the queries are the last T of S positions, so a KV cache
    /// prefix works (S = T gives the usual lower triangle). Unlike PyTorch's <c>is_causal</c>, the mask is aligned
    /// to the bottom-right, as Hugging Face models build it.
    /// </param>
    /// <param name="scale">Multiplies q·kᵀ; null means 1/√D.</param>
    /// <remarks>
    /// A query that sees no key at all (every visible key padded) gets an output of zeros and passes no
    /// gradient; Hugging Face fills such rows (pad positions under left padding) with arbitrary but finite
    /// values, which no real token attends to.
    /// </remarks>
    /// <exception cref="TensorShapeException">
    /// An operand is not rank 4; batch, head dim or key/value lengths disagree; Hq is not a multiple of Hkv;
    /// the mask is not (B, S); or a causal call has fewer keys than queries.
    /// </exception>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool causal = true, float? scale = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var dims = AttentionDims(query, key, value, keyPaddingMask, causal);
        var shape = Shape.Of("ScaledDotProductAttention", dims.Batch, dims.QueryHeads, dims.QueryLength, dims.ValueDim);
        if (scale is { } given && !float.IsFinite(given)) throw new ArgumentOutOfRangeException(nameof(scale), $"ScaledDotProductAttention: the scale must be finite, got {given}");
        if (scale is null && dims.HeadDim == 0) throw new TensorShapeException("ScaledDotProductAttention", $"query and key head dims are 0, so the default scale 1/√D is undefined; pass a scale (query {query.Shape})");
        var saved = new AttentionKernel.Saved(dims, scale ?? 1f / MathF.Sqrt(dims.HeadDim), causal, KeyBias(keyPaddingMask));
        var output = AttentionKernel.Forward(HeadMatrices.Of(query), HeadMatrices.Of(key), HeadMatrices.Of(value), saved);
        return Record(Wrap(output, shape), OpKind.Attention, saved, query, key, value);
    }

    /// <summary>Gradients of <see cref="ScaledDotProductAttention"/> for query, key and value.</summary>
    internal static Tensor[] AttentionBackward(Tensor[] inputs, AttentionKernel.Saved saved, Tensor dout)
    {
        var (q, k, v) = (inputs[0], inputs[1], inputs[2]);
        var (dq, dk, dv) = AttentionKernel.Backward(HeadMatrices.Of(q), HeadMatrices.Of(k), HeadMatrices.Of(v), TensorMemory.Read(dout), saved);
        return [Wrap(dq, q.Shape), Wrap(dk, k.Shape), Wrap(dv, v.Shape)];
    }

    private static AttentionKernel.Dims AttentionDims(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal)
    {
        const string op = "ScaledDotProductAttention";
        string shapes = $"query {q.Shape}, key {k.Shape}, value {v.Shape}";
        if (q.Rank != 4 || k.Rank != 4 || v.Rank != 4) throw new TensorShapeException(op, $"expects rank-4 (B, H, T, D) operands, got {shapes}");
        var (b, hq, t, d) = (q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3]);
        var (hkv, s) = (k.Shape[1], k.Shape[2]);
        if (k.Shape[0] != b || v.Shape[0] != b) throw new TensorShapeException(op, $"batch sizes differ: {shapes}");
        if (v.Shape[1] != hkv || v.Shape[2] != s) throw new TensorShapeException(op, $"key and value disagree on heads or length: {shapes}");
        if (k.Shape[3] != d) throw new TensorShapeException(op, $"query and key head dims differ: {shapes}");
        if (hkv == 0 || hq % hkv != 0) throw new TensorShapeException(op, $"query heads ({hq}) must be a multiple of key/value heads ({hkv}): {shapes}");
        if (causal && s < t) throw new TensorShapeException(op, $"causal attention needs at least as many keys as queries, got {s} keys for {t} queries: {shapes}");
        if (mask is not null && !mask.Shape.Equals(new Shape(b, s))) throw new TensorShapeException(op, $"key padding mask of shape {mask.Shape} must be (batch, keys) = ({b}, {s}): {shapes}");

        // Each head's scores (and, in backward, their gradients) are a T×S matrix in one array.
        if (2L * t * s > Array.MaxLength) throw new TensorShapeException(op, $"{t} queries × {s} keys are too many scores for one head's arrays: {shapes}");
        return new AttentionKernel.Dims(b, hq, hkv, t, s, d, v.Shape[3]);
    }

    /// <summary>The additive form of a key padding mask: 0 where attended, −∞ where masked.</summary>
    private static float[]? KeyBias(Tensor? mask)
    {
        if (mask is null) return null;
        var bias = mask.ToArray();
        for (int i = 0; i < bias.Length; i++) bias[i] = bias[i] != 0 ? 0f : float.NegativeInfinity;
        return bias;
    }
}
