using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

/// <summary>
/// One GEMM test case: random operands with optional padding beyond each row (leading dimension =
/// row length + pad, padding filled with a guard value) and optionally half-precision B. The expected C
/// comes from <see cref="MatMulNaive"/> on the same (widened) values, so the whole buffer, padding
/// included, must match.
/// </summary>
internal sealed unsafe class GemmCase
{
    private const float Guard = 12345f;

    public GemmCase(int m, int n, int k, bool transA, bool transB, bool accumulate = false, int pad = 0, DType bType = DType.Float32, int seed = 1)
    {
        (M, N, K, TransA, TransB, Accumulate, BType) = (m, n, k, transA, transB, accumulate, bType);
        var random = new Random(seed);
        Lda = (transA ? m : k) + pad;
        Ldb = (transB ? k : n) + pad;
        Ldc = n + pad;
        A = Matrix(transA ? k : m, transA ? m : k, Lda, random);
        B = Matrix(transB ? n : k, transB ? k : n, Ldb, random);
        C = Matrix(m, n, Ldc, random);
        if (bType != DType.Float32)
        {
            BBits = new ushort[B.Length];
            for (int i = 0; i < B.Length; i++)
            {
                BBits[i] = bType == DType.Float16 ? BitConverter.HalfToUInt16Bits((Half)B[i]) : BFloat16.FromSingle(B[i]);
                B[i] = HalfWidening.ToSingle(BBits[i], bType);
            }
        }

        Expected = (float[])C.Clone();
        MatMulNaive.Multiply(transA, transB, m, n, k, A, Lda, B, Ldb, Expected, Ldc, accumulate);
    }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public bool TransA { get; }

    public bool TransB { get; }

    public bool Accumulate { get; }

    public DType BType { get; }

    public int Lda { get; }

    public int Ldb { get; }

    public int Ldc { get; }

    public float[] A { get; }

    /// <summary>B as float32 (the widened values when B is half precision).</summary>
    public float[] B { get; }

    public ushort[]? BBits { get; }

    /// <summary>C before the product.</summary>
    public float[] C { get; }

    public float[] Expected { get; }

    public override string ToString() => $"m={M} n={N} k={K} transA={TransA} transB={TransB} accumulate={Accumulate} B={BType} lda={Lda} ldb={Ldb} ldc={Ldc}";

    /// <summary>Runs the public entry point on a copy of C and checks it.</summary>
    public void CheckPublicGemm()
    {
        var c = (float[])C.Clone();
        if (BBits is null) Gemm.Multiply(TransA, TransB, M, N, K, A, Lda, B, Ldb, c, Ldc, Accumulate);
        else Gemm.Multiply(TransA, TransB, M, N, K, A, Lda, BBits, BType, Ldb, c, Ldc, Accumulate);
        Check(c, "Gemm.Multiply");
    }

    /// <summary>Runs one internal kernel entry on a copy of C, checks it and returns it.</summary>
    public float[] CheckKernel(GemmKernel kernel, string name)
    {
        var c = (float[])C.Clone();
        fixed (float* a = A, b = B, pc = c)
        fixed (ushort* bits = BBits)
        {
            kernel(new GemmProblem
            {
                M = M,
                N = N,
                K = K,
                A = a,
                Lda = Lda,
                TransA = TransA,
                B = BBits is null ? b : bits,
                BType = BType,
                Ldb = Ldb,
                TransB = TransB,
                C = pc,
                Ldc = Ldc,
                Accumulate = Accumulate,
            });
        }

        Check(c, name);
        return c;
    }

    // float32 sums of k terms in [-1, 1] drift from the float64 reference by about k·2⁻²⁴ at most in practice;
    // an indexing or packing bug is off by O(1).
    private void Check(float[] actual, string path) =>
        TensorAssert.Close(Expected, actual, rtol: 1e-5, atol: 1e-6 + (2e-6 * K), what: $"{path} ({this})");

    private static float[] Matrix(int rows, int cols, int ld, Random random)
    {
        var values = new float[rows * ld];
        Array.Fill(values, Guard);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) values[(r * ld) + j] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}

/// <summary>An internal GEMM entry taking a pinned problem.</summary>
internal delegate void GemmKernel(GemmProblem problem);
