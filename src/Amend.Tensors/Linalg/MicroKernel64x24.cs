using System.Runtime.Intrinsics;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Linalg;

/// <summary>
/// The AVX-512 float64 kernel: an 8×24 tile of C in 24 zmm accumulators. Each step loads three 8-double
/// vectors of a B sliver row and broadcasts eight A values: 24 FMAs for 11 loads, the shape of the
/// float32 kernel (<c>MicroKernel512</c>) at half the lanes.
/// </summary>
internal readonly unsafe struct MicroKernel64x24 : IMicroKernel64
{
    public static int Rows => 8;

    public static int Columns => 24;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha)
    {
        // C comes from L2/L3 at the end; fetching it now hides that latency behind the k loop.
        for (int r = 0; r < 8; r++)
        {
            CachePrefetch.Line(c + (r * ldc));
            CachePrefetch.Line(c + (r * ldc) + 8);
            CachePrefetch.Line(c + (r * ldc) + 16);
            CachePrefetch.Line(c + (r * ldc) + 23);
        }

        Vector512<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<double> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<double> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var b2 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
            a += 8;
            b += 24;
        }

        var scale = Vector512.Create(alpha);
        AddRow(c, scale, c00, c01, c02);
        AddRow(c + ldc, scale, c10, c11, c12);
        AddRow(c + (2 * ldc), scale, c20, c21, c22);
        AddRow(c + (3 * ldc), scale, c30, c31, c32);
        AddRow(c + (4 * ldc), scale, c40, c41, c42);
        AddRow(c + (5 * ldc), scale, c50, c51, c52);
        AddRow(c + (6 * ldc), scale, c60, c61, c62);
        AddRow(c + (7 * ldc), scale, c70, c71, c72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(double* c, Vector512<double> scale, Vector512<double> x0, Vector512<double> x1, Vector512<double> x2)
    {
        Vector512.FusedMultiplyAdd(scale, x0, Vector512.Load(c)).Store(c);
        Vector512.FusedMultiplyAdd(scale, x1, Vector512.Load(c + 8)).Store(c + 8);
        Vector512.FusedMultiplyAdd(scale, x2, Vector512.Load(c + 16)).Store(c + 16);
    }
}
