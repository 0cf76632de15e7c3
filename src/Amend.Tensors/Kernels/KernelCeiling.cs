namespace Amend.Tensors.Kernels;

/// <summary>
/// What the GEMM's micro-kernel does alone on this machine: every logical processor runs it over its own
/// packed operands, kept in cache (an A panel of depth 512 and four B strips, 16 KiB and 384 KiB for the
/// AVX-512 kernel). No packing, no barriers, no traffic to L3, so the gap between this and
/// <see cref="FmaPeak"/> is the core itself (loads, the front end, a busy sibling hyperthread), and
/// the gap between a GEMM and this is the blocking around the kernel.
/// </summary>
public static unsafe class KernelCeiling
{
    private const int Depth = 512;
    private const int Strips = 4;

    /// <summary>Whether this CPU has a blocked micro-kernel (AVX-512, AVX2 with FMA, or 128-bit FMA as on Arm64) to measure.</summary>
    public static bool IsSupported => MicroKernel512.IsSupported || MicroKernel256.IsSupported || MicroKernel128.IsSupported;

    /// <summary>
    /// Runs the micro-kernel on <paramref name="threads"/> threads at once for about
    /// <paramref name="duration"/> and returns GFLOP/s over all of them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not positive.</exception>
    /// <exception cref="PlatformNotSupportedException">Not <see cref="IsSupported"/>.</exception>
    public static double Measure(int threads, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (MicroKernel512.IsSupported) return Measure<MicroKernel512>(threads, duration);
        if (MicroKernel256.IsSupported) return Measure<MicroKernel256>(threads, duration);
        if (MicroKernel128.IsSupported) return Measure<MicroKernel128>(threads, duration);
        throw new PlatformNotSupportedException("KernelCeiling: this CPU has no AVX-512, AVX2+FMA or 128-bit FMA micro-kernel");
    }

    private static double Measure<TKernel>(int threads, TimeSpan duration)
        where TKernel : struct, IMicroKernel
    {
        long passes = ParallelTiming.RepeatsFor(duration, 16, Run<TKernel>);
        double seconds = ParallelTiming.LongestSeconds(threads, _ => Run<TKernel>(passes));
        return 2.0 * TKernel.Rows * TKernel.Columns * Depth * Strips * passes * threads / seconds / 1e9;
    }

    // One thread: its own panel, strips and C tiles, each pass runs the panel over every strip.
    private static void Run<TKernel>(long passes)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, stride = GemmPacking.StripStride(Depth, nr);

        // The GEMM's own aligned per-thread buffers; small values, and C is overwritten by every call.
        var scratch = GemmScratch.ForThread;
        var a = new Span<float>(scratch.PackedA(mr * Depth), mr * Depth);
        var b = new Span<float>(scratch.PackedB(Strips * stride), Strips * stride);
        float* c = scratch.SharedA(mr * nr * Strips);
        a.Fill(0.001f);
        b.Fill(0.002f);
        fixed (float* pa = a, pb = b)
        {
            for (long pass = 0; pass < passes; pass++)
            {
                for (int strip = 0; strip < Strips; strip++)
                {
                    TKernel.Run<PackedStrip, WholePanel, PackedPanel>(Depth, pa, 0, pb + (strip * stride), nr, c + (strip * nr), nr * Strips, false, 0, null);
                }
            }
        }
    }
}
