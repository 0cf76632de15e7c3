using System.Runtime.InteropServices;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Backends;

/// <summary>
/// cblas_sgemm from the system OpenBLAS, found with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>
/// on first use. Absent library: <see cref="LoadError"/> says so and nothing else changes.
/// Half-precision B is widened to a float32 copy first (OpenBLAS has no such sgemm).
/// </summary>
internal static unsafe class OpenBlas
{
    // CBLAS enum values (cblas.h): CblasRowMajor, CblasNoTrans, CblasTrans.
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas"];

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;

    static OpenBlas()
    {
        (var sgemm, LoadError) = FindSgemm(LibraryNames);
        Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
    }

    /// <summary>
    /// cblas_sgemm from the first of <paramref name="names"/> that loads and exports it; a library without it (a
    /// reference BLAS, another library of the same name) is released and the next name tried.
    /// </summary>
    internal static (IntPtr Sgemm, string? Error) FindSgemm(IReadOnlyList<string> names)
    {
        var withoutSgemm = new List<string>();
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)) return (sgemm, null);
            NativeLibrary.Free(handle);
            withoutSgemm.Add(name);
        }

        string loaded = withoutSgemm.Count == 0 ? "" : $"; {string.Join(", ", withoutSgemm)} loaded but {(withoutSgemm.Count == 1 ? "exports" : "export")} no cblas_sgemm";
        return (IntPtr.Zero, $"none of {string.Join(", ", names)} provides cblas_sgemm{loaded} (on Debian/Ubuntu: apt-get install libopenblas0-pthread)");
    }

    /// <summary>Why OpenBLAS cannot be used, or null when it loaded.</summary>
    public static string? LoadError { get; }

    /// <summary>Runs a validated problem through cblas_sgemm (requires <see cref="LoadError"/> to be null).</summary>
    public static void Multiply(in GemmProblem g)
    {
        if (Sgemm is null) throw new InvalidOperationException($"OpenBLAS is unavailable: {LoadError}");
        float beta = g.Accumulate ? 1f : 0f;
        int transA = g.TransA ? Trans : NoTrans, transB = g.TransB ? Trans : NoTrans;
        if (g.BType == DType.Float32)
        {
            Sgemm(RowMajor, transA, transB, g.M, g.N, g.K, 1f, g.A, (int)g.Lda, (float*)g.B, (int)g.Ldb, beta, g.C, (int)g.Ldc);
            return;
        }

        // Stored B is (k, n), or (n, k) when transposed: widen exactly the span it covers.
        int rows = g.TransB ? g.N : g.K, cols = g.TransB ? g.K : g.N;
        var wide = GC.AllocateUninitializedArray<float>((int)(((rows - 1) * g.Ldb) + cols));
        fixed (float* b = wide)
        {
            HalfWidening.Widen((ushort*)g.B, g.BType, b, wide.Length);
            Sgemm(RowMajor, transA, transB, g.M, g.N, g.K, 1f, g.A, (int)g.Lda, b, (int)g.Ldb, beta, g.C, (int)g.Ldc);
        }
    }
}
