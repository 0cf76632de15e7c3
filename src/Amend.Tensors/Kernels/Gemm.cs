using Amend.Tensors.Backends;

namespace Amend.Tensors.Kernels;

/// <summary>
/// General matrix multiply on row-major float32 buffers: C[m×n] = op(A)·op(B), or C += op(A)·op(B)
/// with <c>accumulate</c>, where op(A) is m×k and op(B) is k×n. When <c>transA</c> is set A is stored
/// k×m; when <c>transB</c> is set B is stored n×k. Leading dimensions are row lengths in elements.
/// Runs on the backend chosen by <see cref="GemmBackends"/> (Amend's own SIMD kernel by default).
/// </summary>
/// <remarks>C must not overlap A or B. Sums are float32 (fused multiply-adds), in a blocked order.</remarks>
public static unsafe class Gemm
{
    /// <summary>C (+)= op(A)·op(B) with float32 A and B.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or a leading dimension is shorter than its row.</exception>
    /// <exception cref="ArgumentException">A span is too short for its matrix, or C overlaps A or B.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (c.Overlaps(a) || c.Overlaps(b)) throw new ArgumentException("Gemm: C overlaps A or B; the product needs a separate output", nameof(c));
        fixed (float* pa = a, pb = b, pc = c)
        {
            Run(Problem(transA, transB, m, n, k, pa, lda, pb, DType.Float32, ldb, pc, ldc, accumulate));
        }
    }

    /// <summary>
    /// C (+)= op(A)·op(B) with B stored as Float16 or BFloat16 bit patterns, widened to float32 while it
    /// is read (a half-precision weight stays at half size in memory).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or a leading dimension is shorter than its row.</exception>
    /// <exception cref="ArgumentException">A span is too short for its matrix, or <paramref name="bType"/> is not a half type.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<ushort> bBits, DType bType, int ldb,
        Span<float> c, int ldc, bool accumulate = false)
    {
        if (bType is not (DType.Float16 or DType.BFloat16)) throw new ArgumentException($"Gemm: half-precision B must be Float16 or BFloat16, got {bType}", nameof(bType));
        Validate(transA, transB, m, n, k, a.Length, lda, bBits.Length, ldb, c.Length, ldc);
        if (c.Overlaps(a)) throw new ArgumentException("Gemm: C overlaps A; the product needs a separate output", nameof(c));
        fixed (float* pa = a, pc = c)
        fixed (ushort* pb = bBits)
        {
            Run(Problem(transA, transB, m, n, k, pa, lda, pb, bType, ldb, pc, ldc, accumulate));
        }
    }

    private static void Run(in GemmProblem g)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0)
        {
            // An empty sum: C = 0, or C unchanged when accumulating.
            if (!g.Accumulate)
            {
                for (int i = 0; i < g.M; i++) new Span<float>(g.C + (i * g.Ldc), g.N).Clear();
            }

            return;
        }

        if (GemmBackends.Current == GemmBackend.OpenBlas) OpenBlas.Multiply(g);
        else MatMulKernel.Multiply(g);
    }

    private static GemmProblem Problem(bool transA, bool transB, int m, int n, int k, float* a, int lda, void* b, DType bType, int ldb, float* c, int ldc, bool accumulate) => new()
    {
        M = m,
        N = n,
        K = k,
        A = a,
        Lda = lda,
        TransA = transA,
        B = b,
        BType = bType,
        Ldb = ldb,
        TransB = transB,
        C = c,
        Ldc = ldc,
        Accumulate = accumulate,
    };

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"Gemm: sizes must be non-negative, got m={m}, n={n}, k={k}");
        CheckOperand("A", nameof(lda), transA ? k : m, transA ? m : k, aLength, lda, transA);
        CheckOperand("B", nameof(ldb), transB ? n : k, transB ? k : n, bLength, ldb, transB);
        CheckOperand("C", nameof(ldc), m, n, cLength, ldc, false);
    }

    // A stored rows×cols matrix with leading dimension ld needs ld ≥ cols and (rows-1)·ld + cols elements.
    // An empty one addresses nothing, so any ld will do (an empty tensor's views carry strides of 0).
    private static void CheckOperand(string name, string ldName, int rows, int cols, int length, int ld, bool transposed)
    {
        if (rows == 0 || cols == 0) return;
        string stored = $"{name} (stored {rows}×{cols}{(transposed ? ", transposed" : "")}, leading dimension {ld})";
        if (ld < cols) throw new ArgumentOutOfRangeException(ldName, $"Gemm: {stored}: the leading dimension must be at least the row length {cols}");
        long needed = ((long)(rows - 1) * ld) + cols;
        if (length < needed) throw new ArgumentException($"Gemm: {stored} needs {needed} elements, the span has {length}", name.ToLowerInvariant());
    }
}
