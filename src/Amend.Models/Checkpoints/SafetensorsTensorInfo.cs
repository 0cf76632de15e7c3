using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>One tensor as a safetensors header lists it, already checked against the file's byte buffer.</summary>
/// <param name="Name">The checkpoint's name for the tensor, e.g. "model.layers.0.mlp.up_proj.weight".</param>
/// <param name="DTypeName">The dtype as the file spells it ("F32", "BF16", "I64"...).</param>
/// <param name="Dims">Extent of each axis, outermost first; empty for a scalar.</param>
/// <param name="Begin">Offset of the first byte, relative to the start of the byte buffer.</param>
/// <param name="End">Offset one past the last byte, relative to the start of the byte buffer.</param>
public sealed record SafetensorsTensorInfo(string Name, string DTypeName, IReadOnlyList<long> Dims, long Begin, long End)
{
    /// <summary>Number of bytes the tensor occupies in the file.</summary>
    public long ByteLength => End - Begin;

    /// <summary>Product of <see cref="Dims"/> (1 for a scalar).</summary>
    /// <exception cref="OverflowException">The product does not fit in 64 bits (never for entries read from a file: the header check rejects them).</exception>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Dims) count = checked(count * d);
            return count;
        }
    }

    /// <summary>The Amend storage type this tensor loads as: F32 and F64 as Float32, F16 and BF16 as themselves, else null.</summary>
    public DType? LoadedDType => SafetensorsDTypes.LoadedAs(DTypeName);

    /// <summary>"(50257, 32)": the extents formatted like <see cref="Shape"/>.</summary>
    public string FormatDims() => "(" + string.Join(", ", Dims) + ")";
}
