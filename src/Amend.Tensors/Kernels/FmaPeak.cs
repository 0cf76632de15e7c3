using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The machine's measured float32 FMA throughput: every logical processor runs a register-only loop of
/// independent fused multiply-adds at the widest vector width the GEMM uses (512 bits with AVX-512,
/// else 256, else 128 as on Arm64). No memory traffic, so it is the ceiling a GEMM can approach; GEMM
/// figures are reported as a fraction of it.
/// </summary>
public static class FmaPeak
{
    // Independent chains: at least FMA latency (4 cycles) × FMA ports (2) in flight. 16 where there are 32
    // vector registers (AVX-512, Arm64); 12 for AVX2, whose 16 ymm registers also hold the two constants:
    // 16 chains there spill to the stack and measured half the peak (105 of ~190 GFLOP/s on a Zen 3).
    private const int Chains = 16;
    private const int Chains256 = 12;

    /// <summary>
    /// Runs the FMA loop on <paramref name="threads"/> threads at once for about
    /// <paramref name="duration"/> and returns GFLOP/s (one FMA = 2 flops per lane).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not positive.</exception>
    public static double Measure(int threads, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        int chains = lanes == 8 ? Chains256 : Chains;
        long iterations = ParallelTiming.RepeatsFor(duration, 1 << 16, n => Spin(n, lanes));
        double seconds = ParallelTiming.LongestSeconds(threads, _ => Spin(iterations, lanes));
        return 2.0 * lanes * chains * iterations * threads / seconds / 1e9;
    }

    private static float Spin(long iterations, int lanes) => lanes switch
    {
        16 => Spin512(iterations),
        8 => Spin256(iterations),
        _ => Spin128(iterations),
    };

    // acc = acc·0.999 + 0.001 converges to 1: no overflow, no denormals, nothing the JIT can fold away.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Spin512(long iterations)
    {
        var (x, y) = (Vector512.Create(0.999f), Vector512.Create(0.001f));
        Vector512<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y;
        Vector512<float> a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
        for (long i = 0; i < iterations; i++)
        {
            (a0, a1, a2, a3) = (Avx512F.FusedMultiplyAdd(a0, x, y), Avx512F.FusedMultiplyAdd(a1, x, y), Avx512F.FusedMultiplyAdd(a2, x, y), Avx512F.FusedMultiplyAdd(a3, x, y));
            (a4, a5, a6, a7) = (Avx512F.FusedMultiplyAdd(a4, x, y), Avx512F.FusedMultiplyAdd(a5, x, y), Avx512F.FusedMultiplyAdd(a6, x, y), Avx512F.FusedMultiplyAdd(a7, x, y));
            (a8, a9, a10, a11) = (Avx512F.FusedMultiplyAdd(a8, x, y), Avx512F.FusedMultiplyAdd(a9, x, y), Avx512F.FusedMultiplyAdd(a10, x, y), Avx512F.FusedMultiplyAdd(a11, x, y));
            (a12, a13, a14, a15) = (Avx512F.FusedMultiplyAdd(a12, x, y), Avx512F.FusedMultiplyAdd(a13, x, y), Avx512F.FusedMultiplyAdd(a14, x, y), Avx512F.FusedMultiplyAdd(a15, x, y));
        }

        return Vector512.Sum((a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11) + (a12 + a13 + a14 + a15));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Spin256(long iterations)
    {
        var (x, y) = (Vector256.Create(0.999f), Vector256.Create(0.001f));
        Vector256<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y, a8 = x, a9 = y, a10 = x, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            (a0, a1, a2, a3) = (Vector256.FusedMultiplyAdd(a0, x, y), Vector256.FusedMultiplyAdd(a1, x, y), Vector256.FusedMultiplyAdd(a2, x, y), Vector256.FusedMultiplyAdd(a3, x, y));
            (a4, a5, a6, a7) = (Vector256.FusedMultiplyAdd(a4, x, y), Vector256.FusedMultiplyAdd(a5, x, y), Vector256.FusedMultiplyAdd(a6, x, y), Vector256.FusedMultiplyAdd(a7, x, y));
            (a8, a9, a10, a11) = (Vector256.FusedMultiplyAdd(a8, x, y), Vector256.FusedMultiplyAdd(a9, x, y), Vector256.FusedMultiplyAdd(a10, x, y), Vector256.FusedMultiplyAdd(a11, x, y));
        }

        return Vector256.Sum((a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Spin128(long iterations)
    {
        var (x, y) = (Vector128.Create(0.999f), Vector128.Create(0.001f));
        Vector128<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y;
        Vector128<float> a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
        for (long i = 0; i < iterations; i++)
        {
            (a0, a1, a2, a3) = (Vector128.FusedMultiplyAdd(a0, x, y), Vector128.FusedMultiplyAdd(a1, x, y), Vector128.FusedMultiplyAdd(a2, x, y), Vector128.FusedMultiplyAdd(a3, x, y));
            (a4, a5, a6, a7) = (Vector128.FusedMultiplyAdd(a4, x, y), Vector128.FusedMultiplyAdd(a5, x, y), Vector128.FusedMultiplyAdd(a6, x, y), Vector128.FusedMultiplyAdd(a7, x, y));
            (a8, a9, a10, a11) = (Vector128.FusedMultiplyAdd(a8, x, y), Vector128.FusedMultiplyAdd(a9, x, y), Vector128.FusedMultiplyAdd(a10, x, y), Vector128.FusedMultiplyAdd(a11, x, y));
            (a12, a13, a14, a15) = (Vector128.FusedMultiplyAdd(a12, x, y), Vector128.FusedMultiplyAdd(a13, x, y), Vector128.FusedMultiplyAdd(a14, x, y), Vector128.FusedMultiplyAdd(a15, x, y));
        }

        return Vector128.Sum((a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11) + (a12 + a13 + a14 + a15));
    }
}
