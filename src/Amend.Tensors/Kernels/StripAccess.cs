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
}

/// <summary>A packed, contiguous strip.</summary>
internal readonly struct PackedStrip : IStripAccess
{
    public static bool Prefetches => false;
}

/// <summary>B itself, read in place with its leading dimension.</summary>
internal readonly struct InPlaceStrip : IStripAccess
{
    public static bool Prefetches => true;
}
