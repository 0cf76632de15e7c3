using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels;

// x, y: (B, H, T, D) row-major; positions: (T) shared by the batch, or (B·T) per token; R = rotary dim ≤ D, even
// cos, sin: (P, R/2) tables of cos(p·θᵢ), sin(p·θᵢ)
// pair i of each row turns by its token's angle p·θᵢ; coordinates R .. D − 1 pass through:
//   HalfSplit   (GPT-NeoX / LLaMA rotate_half):  pair i = (x[i], x[i + R/2])
//   Interleaved (GPT-J rotate_every_two):        pair i = (x[2i], x[2i + 1])
//   (a, b) ↦ (a·cos − b·sin, b·cos + a·sin)
// backward: a rotation is orthogonal, so dx = R(−p·θ)·dy — this kernel with sin negated.

/// <summary>Rotary position embeddings in both pair layouts, forward and backward.</summary>
internal static class RotaryKernel
{
    /// <summary>What backward needs: the table, the positions and the layout.</summary>
    internal sealed record Saved(RotaryTable Table, int[] Positions, int RotaryDim, RotaryLayout Layout);

    /// <summary>Rotates every row of <paramref name="x"/> (shape (B, H, T, D)) forward, or back when <paramref name="inverse"/>.</summary>
    public static float[] Apply(ReadOnlyMemory<float> x, Shape shape, Saved s, bool inverse)
    {
        var y = new float[x.Length];
        var (heads, tokens, dim) = (shape[1], shape[2], shape[3]);
        int half = s.RotaryDim / 2;
        float sign = inverse ? -1f : 1f;
        RowPartition.Of(shape.CountRange(0, 3), 3L * dim).RunRows((start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int t = row % tokens, b = row / (heads * tokens);
                int position = s.Positions.Length == tokens ? s.Positions[t] : s.Positions[(b * tokens) + t];
                var cos = s.Table.Cos.AsSpan(position * half, half);
                var sin = s.Table.Sin.AsSpan(position * half, half);
                var xr = x.Span.Slice(row * dim, dim);
                var yr = y.AsSpan(row * dim, dim);
                if (s.Layout == RotaryLayout.HalfSplit) RotateHalves(xr, yr, cos, sin, sign);
                else RotatePairs(xr, yr, cos, sin, sign);
                xr[s.RotaryDim..].CopyTo(yr[s.RotaryDim..]);
            }
        });
        return y;
    }

    private static void RotateHalves(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, float sign)
    {
        int half = cos.Length, i = 0, width = Vector512<float>.Count;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= half - width; i += width)
            {
                var a = Vector512.Create(x.Slice(i, width));
                var b = Vector512.Create(x.Slice(half + i, width));
                var c = Vector512.Create(cos.Slice(i, width));
                var s = Vector512.Create(sin.Slice(i, width)) * sign;
                ((a * c) - (b * s)).CopyTo(y.Slice(i));
                ((b * c) + (a * s)).CopyTo(y.Slice(half + i));
            }
        }

        for (; i < half; i++)
        {
            float a = x[i], b = x[half + i], s = sign * sin[i];
            y[i] = (a * cos[i]) - (b * s);
            y[half + i] = (b * cos[i]) + (a * s);
        }
    }

    // GPT-J rotates at most a few dozen pairs per head; a scalar loop keeps the de-interleaving simple.
    private static void RotatePairs(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, float sign)
    {
        for (int i = 0; i < cos.Length; i++)
        {
            float a = x[2 * i], b = x[(2 * i) + 1], s = sign * sin[i];
            y[2 * i] = (a * cos[i]) - (b * s);
            y[(2 * i) + 1] = (b * cos[i]) + (a * s);
        }
    }
}
