using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The GEMM kernels' software prefetch: the cache line holding an address, into L1, ahead of its use (a C tile
/// before the depth loop, a strided B row the hardware prefetchers do not follow). A no-op without SSE (Arm).
/// </summary>
internal static unsafe class CachePrefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Line(void* address)
    {
        if (Sse.IsSupported) Sse.Prefetch0(address);
    }
}
