using System.Buffers;
using System.Numerics.Tensors;

namespace Amend.Tensors.Kernels;

// q: (B, Hq, T, D); k: (B, Hkv, S, D); v: (B, Hkv, S, Dv); out: (B, Hq, T, Dv); Hq = G·Hkv, query head h reads kv head h / G
// keyBias (optional): (B, S), 0 where a key may be attended and −∞ where the padding mask hides it
// causal: query t sees keys j ≤ t + (S − T) — the T queries are the last T of S positions (a KV cache holds the rest)
// P = softmax_j(scale·q·kⱼ + bias) over visible keys, 0 elsewhere (a row with no visible key is all 0); out = P·v
// backward per query head, with dP = dout·vᵀ:
//   dS = P∘(dP − rowsum(P∘dP))·scale,  dq = dS·k,  dk += dSᵀ·q,  dv += Pᵀ·dout   (dk, dv summed over the G query heads)
// P is not saved: backward recomputes it (one more q·kᵀ per head), so memory in flight stays O(T·S) per head.

/// <summary>Scaled dot-product attention with grouped key/value heads, causal and padding masks; forward and backward.</summary>
internal static class AttentionKernel
{
    /// <summary>Extents of one attention call.</summary>
    internal sealed record Dims(int Batch, int QueryHeads, int KvHeads, int QueryLength, int KeyLength, int HeadDim, int ValueDim)
    {
        public int Group => QueryHeads / KvHeads;
    }

    /// <summary>What forward and backward share: extents, scale, masking.</summary>
    internal sealed record Saved(Dims Dims, float Scale, bool Causal, float[]? KeyBias);

    public static float[] Forward(HeadMatrices q, HeadMatrices k, HeadMatrices v, Saved s)
    {
        var d = s.Dims;
        var output = new float[d.Batch * d.QueryHeads * d.QueryLength * d.ValueDim];
        int tokens = d.QueryLength * d.ValueDim;
        long work = (long)d.QueryLength * d.KeyLength * (d.HeadDim + d.ValueDim);
        ForHeads(d.Batch * d.QueryHeads, d.QueryLength * d.KeyLength, work, (p, head) =>
        {
            int b = head / d.QueryHeads, hkv = head % d.QueryHeads / d.Group;
            Probabilities(q, k, b, head % d.QueryHeads, hkv, s, p);
            Gemm.Multiply(false, false, d.QueryLength, d.ValueDim, d.KeyLength, p, d.KeyLength, v.From(b, hkv), v.RowStride, output.AsSpan(head * tokens, tokens), d.ValueDim);
        });
        return output;
    }

    /// <summary>Returns dq (B, Hq, T, D), dk (B, Hkv, S, D) and dv (B, Hkv, S, Dv), contiguous.</summary>
    public static (float[] Dq, float[] Dk, float[] Dv) Backward(HeadMatrices q, HeadMatrices k, HeadMatrices v, ReadOnlyMemory<float> dout, Saved s)
    {
        var d = s.Dims;
        var (t, n) = (d.QueryLength, d.KeyLength);
        var dq = new float[d.Batch * d.QueryHeads * t * d.HeadDim];
        var dk = new float[d.Batch * d.KvHeads * n * d.HeadDim];
        var dv = new float[d.Batch * d.KvHeads * n * d.ValueDim];

        // One task per kv head, so the G query heads that add into its dk and dv run in order on one thread.
        long work = (long)t * n * ((3 * d.HeadDim) + (2 * d.ValueDim)) * d.Group;
        ForHeads(d.Batch * d.KvHeads, 2 * t * n, work, (scratch, kvHead) =>
        {
            int b = kvHead / d.KvHeads, hkv = kvHead % d.KvHeads;
            var p = scratch[..(t * n)];
            var ds = scratch[(t * n)..];
            var dkHead = dk.AsSpan(kvHead * n * d.HeadDim, n * d.HeadDim);
            var dvHead = dv.AsSpan(kvHead * n * d.ValueDim, n * d.ValueDim);
            for (int g = 0; g < d.Group; g++)
            {
                int hq = (hkv * d.Group) + g, qHead = (b * d.QueryHeads) + hq;
                var dOut = dout.Span.Slice(qHead * t * d.ValueDim, t * d.ValueDim);
                Probabilities(q, k, b, hq, hkv, s, p);
                Gemm.Multiply(false, true, t, n, d.ValueDim, dOut, d.ValueDim, v.From(b, hkv), v.RowStride, ds, n);
                for (int row = 0; row < t; row++) ScoreGradientRow(p.Slice(row * n, n), ds.Slice(row * n, n), s.Scale);
                Gemm.Multiply(false, false, t, d.HeadDim, n, ds, n, k.From(b, hkv), k.RowStride, dq.AsSpan(qHead * t * d.HeadDim, t * d.HeadDim), d.HeadDim);
                Gemm.Multiply(true, false, n, d.HeadDim, t, ds, n, q.From(b, hq), q.RowStride, dkHead, d.HeadDim, accumulate: g > 0);
                Gemm.Multiply(true, false, n, d.ValueDim, t, p, n, dOut, d.ValueDim, dvHead, d.ValueDim, accumulate: g > 0);
            }
        });
        return (dq, dk, dv);
    }

    /// <summary>Fills <paramref name="p"/> (T×S) with the attention probabilities of query head (b, hq).</summary>
    private static void Probabilities(HeadMatrices q, HeadMatrices k, int b, int hq, int hkv, Saved s, Span<float> p)
    {
        var d = s.Dims;
        var (t, n) = (d.QueryLength, d.KeyLength);
        Gemm.Multiply(false, true, t, n, d.HeadDim, q.From(b, hq), q.RowStride, k.From(b, hkv), k.RowStride, p, n);
        for (int row = 0; row < t; row++)
        {
            int visible = s.Causal ? row + n - t + 1 : n;
            p.Slice((row * n) + visible, n - visible).Clear();
            var live = p.Slice(row * n, visible);
            TensorPrimitives.Multiply(live, s.Scale, live);
            if (s.KeyBias is { } bias) TensorPrimitives.Add(live, bias.AsSpan(b * n, visible), live);
            if (visible == 0 || float.IsNegativeInfinity(TensorPrimitives.Max(live))) live.Clear();
            else SoftmaxKernel.SoftmaxRow(live, live);
        }
    }

    /// <summary>dS = P∘(dP − Σ P∘dP)·scale for one query row, in place over dP.</summary>
    private static void ScoreGradientRow(ReadOnlySpan<float> p, Span<float> dp, float scale)
    {
        TensorPrimitives.Subtract(dp, TensorPrimitives.Dot(p, dp), dp);
        TensorPrimitives.Multiply(dp, p, dp);
        TensorPrimitives.Multiply(dp, scale, dp);
    }

    /// <summary>Runs <paramref name="body"/>(scratch, head) over heads in parallel chunks, each chunk with <paramref name="size"/> floats of scratch.</summary>
    private static void ForHeads(int heads, int size, long workPerHead, SpanAction<float, int> body)
    {
        RowPartition.Of(heads, workPerHead).RunRows((start, end) =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(size);
            try
            {
                for (int head = start; head < end; head++) body(scratch.AsSpan(0, size), head);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
    }
}
