namespace Amend.Tensors.Kernels;

/// <summary>
/// How a micro-kernel reads its B strip, as a type argument so the JIT compiles each variant without
/// a branch in the inner loop.
/// </summary>
internal interface IStripAccess
{
    /// <summary>
    /// Whether each step also prefetches a B row the next kernel call will read: B read in place is
    /// strided, which hardware prefetchers do not follow; a packed strip is contiguous, which they do.
    /// </summary>
    static abstract bool Prefetches { get; }

    /// <summary>
    /// Whether each step also stores the B row it read into a packed strip, so the next A panels read
    /// that copy instead of B: rows of B a multiple of 4 KiB apart all fall in one L1 set, and a deep strip
    /// read in place is gone from L1 before the next panel comes back to it.
    /// </summary>
    static abstract bool Copies { get; }
}

/// <summary>A packed, contiguous strip.</summary>
internal readonly struct PackedStrip : IStripAccess
{
    public static bool Prefetches => false;

    public static bool Copies => false;
}

/// <summary>B itself, read in place with its leading dimension.</summary>
internal readonly struct InPlaceStrip : IStripAccess
{
    public static bool Prefetches => true;

    public static bool Copies => false;
}

/// <summary>B itself, read in place, and copied into a packed strip on the way for the panels that follow.</summary>
internal readonly struct InPlaceCopiedStrip : IStripAccess
{
    public static bool Prefetches => true;

    public static bool Copies => true;
}
