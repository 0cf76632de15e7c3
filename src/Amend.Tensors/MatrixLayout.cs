namespace Amend.Tensors;

/// <summary>
/// How a tensor of shape (..., rows, cols) lies in storage as a batch of matrices that the GEMM can
/// read in place: row-major (ld = row stride) or transposed (ld = column stride), with one uniform
/// stride between batch entries. Storage is float32, or Float16/BFloat16 bits where the caller accepts them.
/// </summary>
internal readonly record struct MatrixLayout(TensorStorage Storage, int Offset, int Batch, int BatchStride, int Rows, int Cols, bool Transposed, int Ld)
{
    /// <summary>
    /// The layout of <paramref name="t"/>, copying it to contiguous float32 first when it has none (or
    /// when it is half precision and <paramref name="allowHalf"/> is false).
    /// </summary>
    public static MatrixLayout Of(Tensor t, bool allowHalf = false) => TryOf(t, allowHalf) ?? TryOf(t.ToFloat32().Detach(), false)!.Value;

    /// <summary>Start of batch entry <paramref name="index"/>.</summary>
    public int Start(int index) => Offset + (index * BatchStride);

    /// <summary>Storage elements one matrix spans from its start.</summary>
    public int Span => Rows == 0 || Cols == 0 ? 0 : Transposed ? ((Cols - 1) * Ld) + Rows : ((Rows - 1) * Ld) + Cols;

    private static MatrixLayout? TryOf(Tensor t, bool allowHalf)
    {
        if ((t.DType != DType.Float32 && !allowHalf) || t.Rank < 2) return null;
        int r = t.Rank, rows = t.Shape[-2], cols = t.Shape[-1];
        int rowStride = t.Strides[r - 2], colStride = t.Strides[r - 1];
        bool transposed;
        int ld;
        // A single column's stride is never used, whatever a view left there: a contiguous (1, 1) view may carry any
        // strides, and must still have a layout, since a contiguous tensor is never copied to get one.
        if ((colStride == 1 || cols == 1) && (rowStride >= cols || rows == 1)) (transposed, ld) = (false, Math.Max(rowStride, cols));
        else if (rowStride == 1 && (colStride >= rows || cols == 1)) (transposed, ld) = (true, Math.Max(colStride, rows));
        else return null;

        // The batch axes must collapse into one stride. Axes of extent 1 are skipped: their strides are
        // arbitrary (a narrowed or permuted view may carry any), so they neither set nor break the stride.
        int batch = t.Shape.CountRange(0, r - 2);
        int batchStride = 0, inner = -1;
        for (int i = r - 3; i >= 0; i--)
        {
            if (t.Shape[i] == 1) continue;
            if (inner < 0) batchStride = t.Strides[i];
            else if (t.Strides[i] != t.Strides[inner] * t.Shape[inner]) return null;
            inner = i;
        }

        if (batch > 1 && batchStride == 0) return null;
        return new MatrixLayout(t.Storage, t.Offset, batch, batchStride, rows, cols, transposed, ld);
    }
}
