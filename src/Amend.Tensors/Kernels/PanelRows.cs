namespace Amend.Tensors.Kernels;

/// <summary>
/// How many rows of a packed A panel a micro-kernel computes, as a type argument so the JIT compiles each
/// variant without a branch in the inner loop: all of them, or the first four, for a last panel of four rows
/// or fewer (16 rows in panels of 6, 20 in panels of 8), which then costs four rows rather than a whole panel.
/// </summary>
internal interface IPanelRows
{
    /// <summary>Whether only rows 0–3 are computed and stored (the panel's other rows are not read).</summary>
    static abstract bool FirstFourOnly { get; }
}

/// <summary>Every row of the panel.</summary>
internal readonly struct WholePanel : IPanelRows
{
    public static bool FirstFourOnly => false;
}

/// <summary>Rows 0–3 of the panel.</summary>
internal readonly struct FirstFourRows : IPanelRows
{
    public static bool FirstFourOnly => true;
}
