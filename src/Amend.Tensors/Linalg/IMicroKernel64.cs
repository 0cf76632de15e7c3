namespace Amend.Tensors.Linalg;

/// <summary>
/// A register-tiled float64 GEMM kernel: one <see cref="Rows"/>×<see cref="Columns"/> tile of C held in
/// vector registers while kc rank-1 updates stream through it. <see cref="Gemm64"/> is generic over it,
/// so the JIT folds the tile sizes into constants.
/// </summary>
internal unsafe interface IMicroKernel64
{
    /// <summary>Rows of the C tile: the height of a packed A sliver.</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the C tile: the width of a packed B sliver.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// c[r·ldc + j] += alpha · Σ_p a[p·Rows + r] · b[p·Columns + j] over p &lt; kc, for the whole tile:
    /// <paramref name="a"/> and <paramref name="b"/> are packed slivers, C rows are <paramref name="ldc"/> apart.
    /// </summary>
    static abstract void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha);
}
