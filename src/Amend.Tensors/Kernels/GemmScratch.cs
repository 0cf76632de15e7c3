namespace Amend.Tensors.Kernels;

/// <summary>
/// Per-thread packing buffers for the blocked GEMM and the matrix-vector kernel, grown on demand and kept for the thread's life
/// (pinned, 64-byte aligned), so a GEMM allocates nothing after the first calls on a thread.
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic]
    private static GemmScratch? current;

    private float[] aBuffer = [];
    private float[] bBuffer = [];
    private float[] sharedBuffer = [];
    private float[] sumsBuffer = [];
    private float[] gatherBuffer = [];

    /// <summary>This thread's buffers.</summary>
    public static GemmScratch ForThread => current ??= new GemmScratch();

    /// <summary>The job whose A panels <see cref="PackedA"/> holds, so a thread packs them once per job.</summary>
    public object? PackedAOwner { get; set; }

    /// <summary>This thread's packed A panels (at least <paramref name="floats"/> long); forgets <see cref="PackedAOwner"/> when it grows.</summary>
    public float* PackedA(int floats)
    {
        if (aBuffer.Length < floats + 16) PackedAOwner = null;
        return Aligned(ref aBuffer, floats);
    }

    /// <summary>An A block that a calling thread's GEMM shares with the workers while it waits for them.</summary>
    public float* SharedA(int floats) => Aligned(ref sharedBuffer, floats);

    /// <summary>The packed B strip (at least <paramref name="floats"/> long).</summary>
    public float* PackedB(int floats) => Aligned(ref bBuffer, floats);

    /// <summary>Partial sums of a matrix-vector product (at least <paramref name="floats"/> long).</summary>
    public float* PartialSums(int floats) => Aligned(ref sumsBuffer, floats);

    /// <summary>Rows of a transposed A gathered for a matrix-vector product (at least <paramref name="floats"/> long).</summary>
    public float* GatheredA(int floats) => Aligned(ref gatherBuffer, floats);

    private static float* Aligned(ref float[] buffer, int floats)
    {
        // 16 spare floats let the start move up to the next 64-byte boundary.
        if (buffer.Length < floats + 16) buffer = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        return (float*)((address + 63) & ~(nint)63);
    }
}
