namespace Amend.Tensors.Kernels;

/// <summary>
/// One validated, pinned GEMM call: C[m×n] (+)= op(A)·op(B), row-major, with op(A) m×k and op(B) k×n.
/// A is float32; B is float32 or half bits (<see cref="BType"/>), widened to float32 as it is read.
/// The pointers stay valid for the duration of the call that created the problem.
/// </summary>
internal readonly unsafe struct GemmProblem
{
    public required int M { get; init; }

    public required int N { get; init; }

    public required int K { get; init; }

    public required float* A { get; init; }

    public required nint Lda { get; init; }

    public required bool TransA { get; init; }

    /// <summary>float* when <see cref="BType"/> is Float32, else ushort* of Float16/BFloat16 bits.</summary>
    public required void* B { get; init; }

    public required DType BType { get; init; }

    public required nint Ldb { get; init; }

    public required bool TransB { get; init; }

    public required float* C { get; init; }

    public required nint Ldc { get; init; }

    public required bool Accumulate { get; init; }

    /// <summary>op(A)[i, p].</summary>
    public float AAt(int i, int p) => TransA ? A[(p * Lda) + i] : A[(i * Lda) + p];

    /// <summary>op(B)[p, j], widened to float32.</summary>
    public float BAt(int p, int j)
    {
        nint index = TransB ? (j * Ldb) + p : (p * Ldb) + j;
        return BType == DType.Float32 ? ((float*)B)[index] : HalfWidening.ToSingle(((ushort*)B)[index], BType);
    }
}
