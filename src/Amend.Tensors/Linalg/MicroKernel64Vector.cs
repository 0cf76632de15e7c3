using System.Numerics;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Linalg;

/// <summary>
/// The float64 kernel for CPUs without AVX-512: a 6×(2·<see cref="Vector{T}.Count"/>) tile of C in 12
/// <see cref="Vector{T}"/> accumulators (6×8 on AVX2, 6×4 on Arm NEON), which with two B vectors and a
/// broadcast fits the 16 registers of AVX2.
/// </summary>
internal readonly unsafe struct MicroKernel64Vector : IMicroKernel64
{
    public static int Rows => 6;

    public static int Columns => 2 * Vector<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha)
    {
        int w = Vector<double>.Count;

        // C comes from L2/L3 at the end; fetching it now hides that latency behind the k loop.
        for (int r = 0; r < 6; r++)
        {
            CachePrefetch.Line(c + (r * ldc));
            CachePrefetch.Line(c + (r * ldc) + (2 * w) - 1);
        }

        Vector<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + w);
            var x = new Vector<double>(a[0]);
            (c00, c01) = (Vector.MultiplyAddEstimate(x, b0, c00), Vector.MultiplyAddEstimate(x, b1, c01));
            x = new Vector<double>(a[1]);
            (c10, c11) = (Vector.MultiplyAddEstimate(x, b0, c10), Vector.MultiplyAddEstimate(x, b1, c11));
            x = new Vector<double>(a[2]);
            (c20, c21) = (Vector.MultiplyAddEstimate(x, b0, c20), Vector.MultiplyAddEstimate(x, b1, c21));
            x = new Vector<double>(a[3]);
            (c30, c31) = (Vector.MultiplyAddEstimate(x, b0, c30), Vector.MultiplyAddEstimate(x, b1, c31));
            x = new Vector<double>(a[4]);
            (c40, c41) = (Vector.MultiplyAddEstimate(x, b0, c40), Vector.MultiplyAddEstimate(x, b1, c41));
            x = new Vector<double>(a[5]);
            (c50, c51) = (Vector.MultiplyAddEstimate(x, b0, c50), Vector.MultiplyAddEstimate(x, b1, c51));
            a += 6;
            b += 2 * w;
        }

        var scale = new Vector<double>(alpha);
        AddRow(c, w, scale, c00, c01);
        AddRow(c + ldc, w, scale, c10, c11);
        AddRow(c + (2 * ldc), w, scale, c20, c21);
        AddRow(c + (3 * ldc), w, scale, c30, c31);
        AddRow(c + (4 * ldc), w, scale, c40, c41);
        AddRow(c + (5 * ldc), w, scale, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(double* c, int w, Vector<double> scale, Vector<double> low, Vector<double> high)
    {
        Vector.MultiplyAddEstimate(scale, low, Vector.Load(c)).Store(c);
        Vector.MultiplyAddEstimate(scale, high, Vector.Load(c + w)).Store(c + w);
    }
}
