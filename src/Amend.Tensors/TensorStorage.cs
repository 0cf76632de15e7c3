using System.Numerics.Tensors;

namespace Amend.Tensors;

/// <summary>
/// The flat buffer behind one or more tensors (views share it). Float32 storage is computed on
/// directly; Float16 and BFloat16 keep their 16-bit patterns and are widened to float32 when read,
/// so half-precision weights stay at their on-disk size in memory.
/// </summary>
internal sealed class TensorStorage
{
    private TensorStorage(DType dtype, float[]? single, ushort[]? halfBits)
    {
        DType = dtype;
        Single = single;
        HalfBits = halfBits;
    }

    public DType DType { get; }

    /// <summary>The buffer when <see cref="DType"/> is Float32, else null.</summary>
    public float[]? Single { get; }

    /// <summary>The raw 16-bit patterns when <see cref="DType"/> is Float16 or BFloat16, else null.</summary>
    public ushort[]? HalfBits { get; }

    public int Length => Single?.Length ?? HalfBits!.Length;

    public static TensorStorage OfSingle(float[] data) => new(DType.Float32, data, null);

    public static TensorStorage OfHalfBits(ushort[] bits, DType dtype)
    {
        if (dtype is not (DType.Float16 or DType.BFloat16)) throw new ArgumentException($"half-bit storage needs Float16 or BFloat16, got {dtype}", nameof(dtype));
        return new(dtype, null, bits);
    }

    public float Read(int index) => DType switch
    {
        DType.Float32 => Single![index],
        DType.Float16 => (float)BitConverter.UInt16BitsToHalf(HalfBits![index]),
        _ => BFloat16.ToSingle(HalfBits![index]),
    };

    /// <summary>Widens <paramref name="destination"/>.Length consecutive elements starting at <paramref name="start"/>.</summary>
    public void Widen(int start, Span<float> destination)
    {
        switch (DType)
        {
            case DType.Float32:
                Single.AsSpan(start, destination.Length).CopyTo(destination);
                break;
            case DType.Float16:
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, Half>(HalfBits.AsSpan(start, destination.Length));
                TensorPrimitives.ConvertToSingle(halves, destination);
                break;
            default:
                BFloat16.Widen(HalfBits.AsSpan(start, destination.Length), destination);
                break;
        }
    }
}
