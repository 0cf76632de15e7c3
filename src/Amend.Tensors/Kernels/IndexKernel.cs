using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors.Kernels;

// x viewed as (outer, n, inner) around the indexed axis; indices: (m), each in [0, n).
// Gather:     y[o, j, :] = x[o, indices[j], :]        y: (outer, m, inner)
// ScatterAdd: t[o, indices[j], :] += s[o, j, :]        t: (outer, n, inner), s: (outer, m, inner)
// Each is the other's backward; repeated indices accumulate in ScatterAdd.

/// <summary>Gathering and scatter-adding slices along one axis (index_select / index_add).</summary>
internal static class IndexKernel
{
    /// <summary>Throws unless every index lies in [0, extent of <paramref name="axis"/>).</summary>
    /// <exception cref="TensorShapeException">An index is out of range; the message names <paramref name="op"/>, the index and the extent.</exception>
    public static void CheckIndices(string op, ReadOnlySpan<int> indices, int axis, Shape shape)
    {
        int extent = shape[axis];
        for (int j = 0; j < indices.Length; j++)
        {
            if ((uint)indices[j] >= (uint)extent)
            {
                throw new TensorShapeException(op, $"index {indices[j]} (position {j}) is out of range for axis {axis} of extent {extent} in shape {shape}");
            }
        }
    }

    /// <summary>y[o, j, :] = x[o, indices[j], :].</summary>
    public static void Gather(ReadOnlySpan<float> x, int n, int inner, ReadOnlySpan<int> indices, Span<float> y)
    {
        int m = indices.Length, outer = n * inner == 0 ? 0 : x.Length / (n * inner);
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < m; j++) x.Slice(((o * n) + indices[j]) * inner, inner).CopyTo(y.Slice(((o * m) + j) * inner, inner));
        }
    }

    /// <summary>t[o, indices[j], :] += s[o, j, :], in index order (so the sum is deterministic).</summary>
    public static void ScatterAdd(Span<float> t, int n, int inner, ReadOnlySpan<int> indices, ReadOnlySpan<float> s)
    {
        int m = indices.Length, outer = m * inner == 0 ? 0 : s.Length / (m * inner);
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < m; j++)
            {
                var target = t.Slice(((o * n) + indices[j]) * inner, inner);
                SpanKernels.Apply<AddOperator>(target, s.Slice(((o * m) + j) * inner, inner), target);
            }
        }
    }
}
