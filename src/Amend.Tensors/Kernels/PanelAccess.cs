namespace Amend.Tensors.Kernels;

/// <summary>
/// How a micro-kernel reads its A panel, as a type argument so the JIT compiles each variant without a branch
/// in the inner loop: packed (kc × Rows, p-major), or A itself in place, row r of the panel at a + r·lda.
/// </summary>
internal interface IPanelAccess
{
    /// <summary>Whether the panel is A itself, read in place with its leading dimension.</summary>
    static abstract bool InPlace { get; }
}

/// <summary>A packed panel: step p reads Rows consecutive floats.</summary>
internal readonly struct PackedPanel : IPanelAccess
{
    public static bool InPlace => false;
}

/// <summary>
/// Row-major A in place: step p reads one float of each of Rows rows, lda apart. A row-major A needs no
/// packing for a whole panel: its rows are read front to back, which the hardware prefetchers follow, and
/// the panel's 8 rows × kc floats stay in L2 across the strips as a packed panel would.
/// </summary>
internal readonly struct InPlacePanel : IPanelAccess
{
    public static bool InPlace => true;
}
