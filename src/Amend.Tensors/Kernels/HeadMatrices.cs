namespace Amend.Tensors.Kernels;

/// <summary>
/// A float32 tensor of shape (B, H, rows, cols) seen as B·H row-major matrices that the GEMM reads in
/// place: matrix (b, h) starts where <see cref="From"/> begins and its rows are <see cref="RowStride"/> apart.
/// Views such as (B, T, H, D) transposed to (B, H, T, D) qualify without a copy.
/// </summary>
internal readonly record struct HeadMatrices(float[] Data, int Offset, int BatchStride, int HeadStride, int RowStride)
{
    /// <summary>The layout of a rank-4 tensor, copying it to contiguous float32 when its rows are not unit-stride runs.</summary>
    public static HeadMatrices Of(Tensor t)
    {
        Debug.Assert(t.Rank == 4, "attention operands have 4 axes");
        int rows = t.Shape[2], cols = t.Shape[3];
        int rowStride = rows == 1 ? cols : t.Strides[2];
        bool inPlace = t.DType == DType.Float32 && (cols <= 1 || t.Strides[3] == 1) && rowStride >= cols;
        if (!inPlace) return Of(Tensor.Wrap(t.ToArray(), t.Shape));
        return new HeadMatrices(t.Storage.Single!, t.Offset, t.Strides[0], t.Strides[1], rowStride);
    }

    /// <summary>Matrix (b, h) from its first element to the end of storage.</summary>
    public ReadOnlySpan<float> From(int b, int h) => Data.AsSpan(Offset + (b * BatchStride) + (h * HeadStride));
}
