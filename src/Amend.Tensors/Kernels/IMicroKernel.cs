namespace Amend.Tensors.Kernels;

/// <summary>
/// A register-tiled GEMM inner kernel: one <see cref="Rows"/>×<see cref="Columns"/> tile of C held in
/// vector registers while kc rank-1 updates stream through it. The blocked driver is generic over it,
/// so the JIT specialises the driver for each kernel and folds the tile sizes into constants.
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of the C tile (MR): the height of a packed A panel.</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the C tile (NR): the width of a B strip.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// Floats in one of the kernel's vectors: the unit of <see cref="RunColumns"/>, and the unit in which the
    /// driver splits B's columns between threads.
    /// </summary>
    static abstract int Lanes { get; }

    /// <summary>Whether this CPU runs the kernel's vector instructions in hardware.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// c[Rows×Columns] (+)= Σ_p A[r, p] · b[p·ldb + j]. <typeparamref name="TPanel"/> says how A is read: a packed
    /// panel at <paramref name="a"/> (kc × Rows, p-major; <paramref name="lda"/> is not used), or A itself in place,
    /// row r at a + r·<paramref name="lda"/>. <paramref name="b"/> holds kc rows of Columns floats <paramref name="ldb"/>
    /// apart (a packed strip, or B itself read in place), and C rows are <paramref name="ldc"/> apart.
    /// <typeparamref name="TStrip"/> says whether B is a packed strip or B itself in place; in place, step p
    /// prefetches the B row at b + p·ldb + <paramref name="prefetchOffset"/> (where the next kernel call will read).
    /// Where <typeparamref name="TStrip"/> copies, step p also stores the Columns floats it read to
    /// <paramref name="copy"/> + p·Columns (a packed strip); otherwise <paramref name="copy"/> is not used.
    /// <typeparamref name="TRows"/> says whether all Rows rows are computed or only r &lt; 4 (C's rows from 4
    /// on are then neither read nor written).
    /// </summary>
    static abstract void Run<TStrip, TRows, TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, nint prefetchOffset, float* copy)
        where TStrip : struct, IStripAccess
        where TRows : struct, IPanelRows
        where TPanel : struct, IPanelAccess;

    /// <summary>
    /// c[Rows×(vectors·Lanes)] (+)= Σ_p A[r, p] · b[p·ldb + j] for j &lt; vectors·<see cref="Lanes"/>, A read as in
    /// <see cref="Run"/>: a strip narrower than <see cref="Columns"/> (<paramref name="vectors"/> whole vectors, fewer
    /// than Columns/Lanes), so a ragged strip costs its own width, not a whole tile's. Only those floats of each B row are read.
    /// </summary>
    static abstract void RunColumns<TPanel>(int kc, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, int vectors)
        where TPanel : struct, IPanelAccess;
}
