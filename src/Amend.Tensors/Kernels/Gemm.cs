namespace Amend.Tensors.Kernels;

/// <summary>
/// General matrix multiply on row-major float32 buffers: C[m×n] = op(A)·op(B) (or += with
/// <c>accumulate</c>), where op(A) is m×k and op(B) is k×n. When <c>transA</c> is set A is stored k×m;
/// when <c>transB</c> is set B is stored n×k. Leading dimensions are row lengths in elements.
/// </summary>
internal static class Gemm
{
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false)
        => MatMulNaive.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
