namespace Amend.Tensors.Linalg;

/// <summary>
/// A window on a row-major double buffer that the blocked kernels address in place: element (i, j) lies
/// at <c>Offset + i·Ld + j</c>, or at <c>Offset + j·Ld + i</c> when <see cref="Transposed"/> (so the
/// transpose of a stored matrix is a view, never a copy). Extents travel separately, as in BLAS.
/// </summary>
internal readonly record struct MatrixView(double[] Data, int Offset, int Ld, bool Transposed = false)
{
    /// <summary>The whole of <paramref name="matrix"/>.</summary>
    public static MatrixView Of(Matrix64 matrix) => new(matrix.Data, 0, matrix.Cols);

    /// <summary>The transpose of this view, sharing the buffer.</summary>
    public MatrixView T => this with { Transposed = !Transposed };

    public ref double At(int row, int col) => ref Data[Index(row, col)];

    /// <summary>The view whose (0, 0) is this view's (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public MatrixView Slice(int row, int col) => this with { Offset = Index(row, col) };

    /// <summary><paramref name="length"/> consecutive elements of a row; only for views that are not transposed.</summary>
    public Span<double> Row(int row, int col, int length)
    {
        Debug.Assert(!Transposed, "rows of a transposed view are not contiguous");
        return Data.AsSpan(Index(row, col), length);
    }

    private int Index(int row, int col) => Offset + (Transposed ? (col * Ld) + row : (row * Ld) + col);
}
