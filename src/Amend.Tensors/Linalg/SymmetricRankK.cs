namespace Amend.Tensors.Linalg;

/// <summary>
/// Symmetric rank-k update (BLAS dsyrk): C ← C + Aᵀ·A for A given as n rows of d values, C d×d. Only the
/// blocks on and above the diagonal are computed, about half the work of a full product; call
/// <see cref="MirrorUpper"/> before reading C as a whole. This is the accumulation of Σ k kᵀ over key
/// vectors k (the rows of A) for layer statistics.
/// </summary>
/// <remarks>
/// The diagonal is cut into blocks of <see cref="Block"/> (large enough that each block product is itself
/// cut into parallel tasks); each upper block pair is one <see cref="Gemm64"/> call on
/// views of A, so A is never transposed or copied. Summation order per element is fixed, so results do not
/// depend on thread scheduling. Reference: <see cref="Matrix64.Multiply(Matrix64, bool, Matrix64, bool)"/>
/// with Aᵀ·A; the tests compare the two.
/// </remarks>
public static class SymmetricRankK
{
    /// <summary>Width of the diagonal blocks.</summary>
    public const int Block = 512;

    /// <summary>
    /// Adds Aᵀ·A to the upper block triangle of <paramref name="c"/>, where A is the first
    /// <paramref name="rows"/>·d values of <paramref name="a"/> read as <paramref name="rows"/>×d, row-major.
    /// Entries below the diagonal blocks are left as they were.
    /// </summary>
    /// <param name="c">The d×d accumulator.</param>
    /// <param name="a">Row-major rows of length d (may be longer than rows·d, e.g. a pooled buffer).</param>
    /// <param name="rows">Number of rows of A (n); 0 adds nothing.</param>
    /// <exception cref="TensorShapeException">C is not square, or <paramref name="a"/> holds fewer than rows·d values.</exception>
    public static void Update(Matrix64 c, double[] a, int rows)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(a);
        int d = c.Rows;
        if (c.Cols != d) throw new TensorShapeException("SymmetricRankK.Update", $"C must be square, got {c.Rows}×{c.Cols}");
        if (rows < 0 || (long)rows * d > a.Length) throw new TensorShapeException("SymmetricRankK.Update", $"A must hold {rows}×{d} values, got {a.Length}");
        if (rows == 0) return;
        for (int i0 = 0; i0 < d; i0 += Block)
        {
            int mi = Math.Min(Block, d - i0);
            for (int j0 = i0; j0 < d; j0 += Block)
            {
                int nj = Math.Min(Block, d - j0);

                // C[i0.., j0..] += A[:, i0..]ᵀ · A[:, j0..]: the transposed view of A starting at column i0.
                var left = new MatrixView(a, i0, d, Transposed: true);
                var right = new MatrixView(a, j0, d);
                Gemm64.Multiply(mi, nj, rows, 1.0, left, right, new MatrixView(c.Data, (i0 * d) + j0, d), accumulate: true);
            }
        }
    }

    /// <summary>Copies the upper triangle of <paramref name="c"/> onto the lower one, making it exactly symmetric.</summary>
    /// <exception cref="TensorShapeException">C is not square.</exception>
    public static void MirrorUpper(Matrix64 c)
    {
        ArgumentNullException.ThrowIfNull(c);
        int d = c.Rows;
        if (c.Cols != d) throw new TensorShapeException("SymmetricRankK.MirrorUpper", $"C must be square, got {c.Rows}×{c.Cols}");
        for (int i = 1; i < d; i++)
        {
            for (int j = 0; j < i; j++) c.Data[(i * d) + j] = c.Data[(j * d) + i];
        }
    }
}
