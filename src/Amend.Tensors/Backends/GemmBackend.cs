namespace Amend.Tensors.Backends;

/// <summary>Which implementation runs <see cref="Kernels.Gemm.Multiply(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/>.</summary>
public enum GemmBackend
{
    /// <summary>Amend's own blocked SIMD kernel (AVX-512 or AVX2, all cores). Always available; the default.</summary>
    Managed,

    /// <summary>The system OpenBLAS (cblas_sgemm), loaded at run time when installed (Debian: libopenblas0-pthread).</summary>
    OpenBlas,
}
